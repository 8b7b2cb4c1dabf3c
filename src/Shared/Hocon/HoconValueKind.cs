namespace Aggregator.Shared.Hocon;

/// <summary>The JSON type system HOCON keeps.</summary>
internal enum HoconValueKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}
