namespace Aggregator.Shared.Model;

/// <summary>The metric types of the Prometheus and OpenMetrics exposition formats.</summary>
public enum MetricType
{
    Untyped = 0,
    Counter,
    Gauge,
    Histogram,
    GaugeHistogram,
    Summary,
    Info,
    StateSet,
}
