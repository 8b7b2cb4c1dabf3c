using System.Threading.Channels;
using Aggregator.Shared.Actors;
using Xunit.Sdk;

namespace Aggregator.Tests.Common.Actors;

/// <summary>
/// An actor that records what it receives so tests can assert on it (Akka.TestKit's <c>TestProbe</c>).
/// Expectations wait in real time with a generous default so that a slow shared machine does not fail
/// them; the actors under test should run on a <see cref="ManualTimeProvider"/> so that no test depends
/// on wall-clock timing.
/// </summary>
public sealed class TestProbe
{
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();

    /// <summary>Spawns the probe actor as a top-level actor of <paramref name="system"/>.</summary>
    public TestProbe(ActorSystem system, string? name = null)
    {
        System = system;
        LastSender = system.DeadLetters;
        Ref = system.ActorOf(Props.Create(() => new ProbeActor(_received.Writer)), name);
    }

    /// <summary>Default wait of the Expect methods.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The system the probe lives in.</summary>
    public ActorSystem System { get; }

    /// <summary>The probe's reference: pass it as sender or as a reply-to.</summary>
    public IActorRef Ref { get; }

    /// <summary>Sender of the last message taken by an Expect method.</summary>
    public IActorRef LastSender { get; private set; }

    /// <summary>Tells <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to <see cref="LastSender"/> with the probe as sender.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Makes the probe watch <paramref name="target"/>; its <see cref="Terminated"/> arrives as a message.</summary>
    public void Watch(IActorRef target) => Ref.Tell(new ProbeActor.WatchCommand(target, Watch: true));

    /// <summary>Stops watching <paramref name="target"/>.</summary>
    public void Unwatch(IActorRef target) => Ref.Tell(new ProbeActor.WatchCommand(target, Watch: false));

    /// <summary>Takes the next message and asserts it is a <typeparamref name="T"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null)
    {
        var received = await NextAsync(timeout, typeof(T).Name).ConfigureAwait(false);
        return received.Message is T typed
            ? typed
            : throw new XunitException($"Expected a {typeof(T).Name} but got {Describe(received.Message)} from {received.Sender.Path}.");
    }

    /// <summary>Takes the next message and asserts it is a <typeparamref name="T"/> satisfying <paramref name="predicate"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        var message = await ExpectMsgAsync<T>(timeout).ConfigureAwait(false);
        return predicate(message) ? message : throw new XunitException($"The {typeof(T).Name} received does not match: {Describe(message!)}.");
    }

    /// <summary>Takes the next message and asserts it equals <paramref name="expected"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null)
        where T : notnull
    {
        var message = await ExpectMsgAsync<T>(timeout).ConfigureAwait(false);
        return Equals(message, expected) ? message : throw new XunitException($"Expected {Describe(expected)} but got {Describe(message)}.");
    }

    /// <summary>Takes the next message and asserts it is <see cref="Terminated"/> for <paramref name="target"/>.</summary>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null)
        => ExpectMsgAsync<Terminated>(t => t.ActorRef.Equals(target), timeout);

    /// <summary>
    /// Takes the next <paramref name="count"/> messages in arrival order. Use it where a
    /// <see cref="Terminated"/> is among them: it travels on the system queue, which is drained first, so
    /// it may overtake user messages that the dying actor sent just before it stopped (as in Akka).
    /// </summary>
    public async Task<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? timeout = null)
    {
        var messages = new List<object>(count);
        for (int i = 0; i < count; i++)
        {
            messages.Add((await NextAsync(timeout, $"message {i + 1} of {count}").ConfigureAwait(false)).Message);
        }
        return messages;
    }

    /// <summary>Takes as many messages as <paramref name="expected"/> has and asserts they are those, in any order (Akka's <c>ExpectMsgAllOf</c>).</summary>
    public async Task ExpectMsgAllOfAsync(params object[] expected)
    {
        var received = await ReceiveNAsync(expected.Length).ConfigureAwait(false);
        var missing = expected.ToList();
        foreach (var message in received)
        {
            int index = missing.FindIndex(e => Equals(e, message));
            if (index < 0)
            {
                throw new XunitException($"Unexpected {Describe(message)}; expected all of: {string.Join(", ", expected.Select(Describe))}.");
            }
            missing.RemoveAt(index);
        }
    }

    /// <summary>
    /// Skips messages until one is a <typeparamref name="T"/> satisfying <paramref name="predicate"/>
    /// (Akka's <c>FishForMessage</c>); fails if none arrives within <paramref name="timeout"/> overall.
    /// </summary>
    public async Task<T> FishForMessageAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new XunitException($"No matching {typeof(T).Name} within {limit}.");
            }
            var received = await NextAsync(remaining, typeof(T).Name).ConfigureAwait(false);
            if (received.Message is T typed && predicate(typed))
            {
                return typed;
            }
        }
    }

    /// <summary>
    /// Asserts that nothing arrives during <paramref name="duration"/> (real time). This has to wait, so
    /// keep it short and prefer an ordering-based check where one exists.
    /// </summary>
    public async Task ExpectNoMsgAsync(TimeSpan duration)
    {
        using var cts = new CancellationTokenSource(duration);
        try
        {
            var received = await _received.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            throw new XunitException($"Expected no message for {duration} but got {Describe(received.Message)} from {received.Sender.Path}.");
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Whether a message is waiting right now (no waiting).</summary>
    public bool HasMessages => _received.Reader.TryPeek(out _);

    private async Task<Received> NextAsync(TimeSpan? timeout, string expected)
    {
        var limit = timeout ?? DefaultTimeout;
        using var cts = new CancellationTokenSource(limit);
        try
        {
            var received = await _received.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            LastSender = received.Sender;
            return received;
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"Timeout ({limit}) while waiting for a {expected} at {Ref.Path}.");
        }
    }

    private static string Describe(object message) => $"{message.GetType().Name} ({message})";

    internal readonly record struct Received(object Message, IActorRef Sender);
}
