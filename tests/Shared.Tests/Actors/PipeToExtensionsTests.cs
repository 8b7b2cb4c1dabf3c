using Aggregator.Shared.Actors;

namespace Aggregator.Shared.Tests.Actors;

public class PipeToExtensionsTests : ActorTestBase
{
    [Fact]
    public async Task PipeTo_CompletedTask_TellsResult()
    {
        var source = new TaskCompletionSource<int>();
        var piped = source.Task.PipeTo(Probe.Ref);
        source.SetResult(7);
        await piped;
        Assert.Equal(7, await Probe.ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task PipeTo_FaultedTask_TellsStatusFailure()
    {
        await Task.FromException<int>(new InvalidOperationException("bad")).PipeTo(Probe.Ref);
        var failure = await Probe.ExpectMsgAsync<Status.Failure>();
        Assert.Equal("bad", failure.Cause.Message);
    }

    [Fact]
    public async Task PipeTo_WithMappers_TellsMappedMessages()
    {
        await Task.FromResult(2).PipeTo(Probe.Ref, success: x => $"ok:{x}");
        await Task.FromException<int>(new TimeoutException("slow")).PipeTo(Probe.Ref, failure: e => $"err:{e.Message}");
        await Probe.ExpectMsgAsync("ok:2");
        await Probe.ExpectMsgAsync("err:slow");
    }

    [Fact]
    public async Task PipeTo_TaskWithoutResult_TellsSuccess()
    {
        await Task.CompletedTask.PipeTo(Probe.Ref, sender: Probe.Ref);
        await Probe.ExpectMsgAsync<Status.Success>();
        Assert.Equal(Probe.Ref, Probe.LastSender);
    }
}
