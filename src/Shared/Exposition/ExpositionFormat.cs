namespace Aggregator.Shared.Exposition;

/// <summary>The exposition formats this project reads and writes.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>).</summary>
    Text = 0,

    /// <summary>OpenMetrics 1.0 text (<c>application/openmetrics-text; version=1.0.0</c>).</summary>
    OpenMetrics,

    /// <summary>Length-delimited protobuf <c>io.prometheus.client.MetricFamily</c> messages.</summary>
    ProtobufDelimited,

    /// <summary>Protobuf text format, one MetricFamily per block (Go's text marshaller layout).</summary>
    ProtobufText,

    /// <summary>Protobuf compact text, one MetricFamily per line.</summary>
    ProtobufCompactText,
}
