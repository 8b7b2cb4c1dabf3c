using System.Threading.Channels;
using Aggregator.Shared.Actors;

namespace Aggregator.Tests.Common.Actors;

/// <summary>The actor behind a <see cref="TestProbe"/>: records every message with its sender.</summary>
internal sealed class ProbeActor(ChannelWriter<TestProbe.Received> received) : ActorBase
{
    protected override void OnReceive(object message)
    {
        if (message is WatchCommand command)
        {
            if (command.Watch)
            {
                Context.Watch(command.Target);
            }
            else
            {
                Context.Unwatch(command.Target);
            }
            return;
        }
        received.TryWrite(new TestProbe.Received(message, Sender));
    }

    internal sealed record WatchCommand(IActorRef Target, bool Watch);
}
