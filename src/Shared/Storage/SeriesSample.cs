using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>One series and one of its samples: the unit that selection, merge and federation pass on.</summary>
public readonly record struct SeriesSample(LabelSet Labels, Sample Sample);
