namespace Aggregator.Shared.RemoteWrite;

/// <summary>Prometheus's legacy name rules: label names <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, metric names <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
public static class LabelRules
{
    public static bool IsValidLabelName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (!(char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c))))
            {
                return false;
            }
        }
        return true;
    }

    public static bool IsValidMetricName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (!(char.IsAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && char.IsAsciiDigit(c))))
            {
                return false;
            }
        }
        return true;
    }
}
