namespace Aggregator.Shared.PromQl.Ast;

/// <summary>
/// A PromQL function's signature. <see cref="Variadic"/>: 0 = exactly the argument types,
/// n &gt; 0 = up to n trailing optional arguments, -1 = any number of the last type.
/// </summary>
public sealed record FunctionInfo(string Name, ValueType[] ArgTypes, ValueType ReturnType, int Variadic = 0);
