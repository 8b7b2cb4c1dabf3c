using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Http;

/// <summary>A writer's series must all be of sites its credential covers (<see cref="WriterScope"/>).</summary>
internal static class WriteRights
{
    /// <summary>Null when every series may be written; else the 403 naming the first series of another site.</summary>
    public static RemoteWriteRejectedException? Check(WriterScope? scope, WriteBatch batch, string siteLabel)
    {
        if (scope is null)
        {
            return null;
        }
        for (int i = 0; i < batch.Series.Count; i++)
        {
            var site = batch.Series[i].Labels.Get(siteLabel);
            if (!scope.Allows(site))
            {
                var whose = site is null ? $"has no {siteLabel} label" : $"belongs to {siteLabel} \"{site}\"";
                var error = new RemoteWriteError(RemoteWriteErrorKind.ForeignSite,
                    $"the credential of {scope.Name} may not write this series: it {whose}", i,
                    Series: RemoteWriteSeriesText.Of(batch.Series[i].Labels));
                return new RemoteWriteRejectedException(error, site ?? "");
            }
        }
        return null;
    }
}
