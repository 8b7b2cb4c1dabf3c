namespace Aggregator.Shared.RemoteWrite;

/// <summary>Why a remote-write request was rejected; each kind has its own counter.</summary>
public enum RemoteWriteErrorKind
{
    BodyTooLarge,
    DecodedBodyTooLarge,
    InvalidSnappy,
    InvalidProtobuf,
    TooManySeries,
    TooManyLabels,
    InvalidUtf8,
    InvalidLabelName,
    InvalidMetricName,
    MissingMetricName,
    UnsortedLabels,
    DuplicateLabelName,
    InvalidHistogram,
    LabelNameTooLong,
    LabelValueTooLong,
    TooManySamples,
    TooManyMetadata,
    SampleTooNew,
    SampleTooOld,
    NativeHistogramsUnsupported,
    SeriesPerSite,
    ForeignSite,
    BodyReadTimeout,
    ExemplarsUnsupported,
}
