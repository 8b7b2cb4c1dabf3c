namespace Aggregator.Shared.PromQl.Ast;

/// <summary>How series on both sides of a binary operation pair up.</summary>
public enum VectorMatchCardinality
{
    OneToOne,
    ManyToOne,
    OneToMany,
    ManyToMany,
}
