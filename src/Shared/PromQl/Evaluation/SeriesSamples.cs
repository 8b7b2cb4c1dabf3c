using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>One selected series: its labels and its samples in the requested window, oldest first.</summary>
public readonly record struct SeriesSamples(LabelSet Labels, ReadOnlyMemory<Sample> Samples);
