namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>The result of evaluating an expression: scalar, string, instant vector or range vector.</summary>
public abstract class PromValue
{
}
