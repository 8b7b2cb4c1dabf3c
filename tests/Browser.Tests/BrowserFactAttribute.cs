namespace Aggregator.Browser.Tests;

/// <summary>A fact that reports itself skipped, with the reason, when the headless browser is absent (never passes silently).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (HeadlessChromium.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
