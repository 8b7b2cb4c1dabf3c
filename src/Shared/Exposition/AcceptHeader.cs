using System.Globalization;

namespace Aggregator.Shared.Exposition;

/// <summary>One clause of an <c>Accept</c> header as goautoneg parses it.</summary>
internal sealed record AcceptClause(string Type, string SubType, double Q, Dictionary<string, string> Params);

/// <summary>
/// goautoneg's <c>ParseAccept</c>, reproduced for its quirks: parts are trimmed of spaces only,
/// a media range without '/' other than <c>*</c> is dropped, <c>q</c> is parsed untrimmed (failure
/// gives 0), other parameter values are trimmed and kept with any quotes, and clauses are ordered by
/// Go's insertion sort with <c>Less(a,b) = a.q &gt; b.q || (a.type != "*" &amp;&amp; b.type == "*")
/// || (a.subtype != "*" &amp;&amp; b.subtype == "*")</c>.
/// Note: Go switches to pdqsort above 12 clauses; headers that long are ordered here as if insertion
/// sort still applied.
/// </summary>
internal static class AcceptHeader
{
    public static List<AcceptClause> Parse(string header)
    {
        var result = new List<AcceptClause>();
        foreach (var rawPart in header.Split(','))
        {
            var part = rawPart.Trim(' ');
            var mrp = part.Split(';');
            var sp = mrp[0].Split('/');
            var type = sp[0].Trim(' ');
            string subType;
            if (sp.Length == 1 && type == "*")
            {
                subType = "*";
            }
            else if (sp.Length == 2)
            {
                subType = sp[1].Trim(' ');
            }
            else
            {
                continue;
            }
            double q = 1.0;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 1; i < mrp.Length; i++)
            {
                int eq = mrp[i].IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    continue;
                }
                var token = mrp[i][..eq].Trim(' ');
                var value = mrp[i][(eq + 1)..];
                if (token == "q")
                {
                    q = ParseGoFloat32(value);
                }
                else
                {
                    parameters[token] = value.Trim(' ');
                }
            }
            result.Add(new AcceptClause(type, subType, q, parameters));
        }
        InsertionSort(result);
        return result;
    }

    private static double ParseGoFloat32(string value)
    {
        // Note: strconv.ParseFloat(s, 32) returns 0 on a syntax error and rounds to float32.
        return PromFloat.TryParseGo(System.Text.Encoding.UTF8.GetBytes(value), out double q) ? (float)q : 0.0;
    }

    private static void InsertionSort(List<AcceptClause> list)
    {
        for (int i = 1; i < list.Count; i++)
        {
            for (int j = i; j > 0 && Less(list[j], list[j - 1]); j--)
            {
                (list[j], list[j - 1]) = (list[j - 1], list[j]);
            }
        }
    }

    private static bool Less(AcceptClause a, AcceptClause b) =>
        a.Q > b.Q || (a.Type != "*" && b.Type == "*") || (a.SubType != "*" && b.SubType == "*");

    internal static string Describe(AcceptClause c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.Type}/{c.SubType};q={c.Q}");
}
