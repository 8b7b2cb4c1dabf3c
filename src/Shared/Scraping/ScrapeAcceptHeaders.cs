namespace Aggregator.Shared.Scraping;

/// <summary>The Accept headers a scrape sends (WIRE_FACTS "Accept / Content-Type strings").</summary>
public static class ScrapeAcceptHeaders
{
    /// <summary>
    /// Prometheus 2.42's scrape header with native histograms on: protobuf delimited first, then
    /// OpenMetrics, then text 0.0.4. Prometheus's <c>/federate</c> answers it with protobuf delimited.
    /// </summary>
    public const string ProtobufFirst =
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited," +
        "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75," +
        "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /// <summary>Prometheus 2.42's default scrape header (no protobuf).</summary>
    public const string TextFirst =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75," +
        "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
}
