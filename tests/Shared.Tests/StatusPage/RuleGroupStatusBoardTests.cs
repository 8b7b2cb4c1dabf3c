using Aggregator.Shared.Rules;
using Aggregator.Shared.StatusPage;

namespace Aggregator.Shared.Tests.StatusPage;

public class RuleGroupStatusBoardTests
{
    [Fact]
    public void Record_AfterRegister_SnapshotInFileOrderWithTheFirstError()
    {
        var board = new RuleGroupStatusBoard();
        board.Register([("b", TimeSpan.FromSeconds(15)), ("a", TimeSpan.FromSeconds(30))]);

        board.Record("a", 1_000, TimeSpan.FromMilliseconds(5), 3, [new RuleError("job:x", "bad"), new RuleError("job:y", "worse")]);
        var snapshot = board.Snapshot();

        Assert.Equal(["b", "a"], snapshot.Select(g => g.Name));
        Assert.Null(snapshot[0].LastEvaluationMs);
        Assert.Equal(new RuleGroupStatus("a", TimeSpan.FromSeconds(30), 1_000, TimeSpan.FromMilliseconds(5), 3, 2, "job:x: bad"), snapshot[1]);
    }

    [Fact]
    public void Register_AGroupNoLongerListed_IsForgotten()
    {
        var board = new RuleGroupStatusBoard();
        board.Register([("old", TimeSpan.FromSeconds(15))]);
        board.Record("old", 1_000, TimeSpan.Zero, 1, []);

        board.Register([("new", TimeSpan.FromSeconds(15))]);

        Assert.Equal(["new"], board.Snapshot().Select(g => g.Name));
    }
}
