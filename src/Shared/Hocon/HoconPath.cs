using System.Text;

namespace Aggregator.Shared.Hocon;

/// <summary>
/// Path expressions (HOCON.md "Path expressions"): a key or substitution path is a concatenation
/// of tokens where '.' outside quotes separates elements and whitespace between tokens is kept.
/// </summary>
internal static class HoconPath
{
    /// <summary>Builds a path from key tokens; leading and trailing whitespace is dropped.</summary>
    public static string[] FromTokens(IReadOnlyList<HoconToken> tokens)
    {
        int first = 0;
        int last = tokens.Count - 1;
        while (first <= last && tokens[first].Kind == HoconTokenKind.Whitespace)
        {
            first++;
        }
        while (last >= first && tokens[last].Kind == HoconTokenKind.Whitespace)
        {
            last--;
        }
        if (first > last)
        {
            throw new HoconException(tokens.Count > 0 ? tokens[0].Position : HoconPosition.None, "expected a path, got nothing");
        }
        var elements = new List<string>();
        var current = new StringBuilder();
        bool currentHasContent = false;
        for (int i = first; i <= last; i++)
        {
            var token = tokens[i];
            if (token.Kind is HoconTokenKind.QuotedString or HoconTokenKind.Whitespace)
            {
                current.Append(token.Text);
                currentHasContent = true;
                continue;
            }
            var text = token.Text;
            for (int c = 0; c < text.Length; c++)
            {
                if (text[c] != '.')
                {
                    current.Append(text[c]);
                    currentHasContent = true;
                    continue;
                }
                if (!currentHasContent)
                {
                    throw EmptyElement(token, c);
                }
                elements.Add(current.ToString());
                current.Clear();
                currentHasContent = false;
            }
        }
        if (!currentHasContent)
        {
            throw EmptyElement(tokens[last], tokens[last].Text.Length - 1);
        }
        elements.Add(current.ToString());
        return [.. elements];
    }

    /// <summary>Parses a path written in code (for example <c>aggregator.nodes</c>).</summary>
    public static string[] Parse(string path)
    {
        var tokens = HoconTokenizer.Tokenize(path, "(path)");
        tokens.RemoveAt(tokens.Count - 1);
        foreach (var token in tokens)
        {
            if (!token.IsSimple && token.Kind != HoconTokenKind.Whitespace)
            {
                throw new HoconException(token.Position, $"invalid path '{path}': unexpected {token.Describe()}");
            }
        }
        return FromTokens(tokens);
    }

    /// <summary>Renders a path, quoting elements that would not read back as themselves.</summary>
    public static string Render(IEnumerable<string> elements) =>
        string.Join('.', elements.Select(e => NeedsQuotes(e) ? HoconRenderer.Quote(e) : e));

    private static bool NeedsQuotes(string element) =>
        !HoconRenderer.IsSafeUnquoted(element) || element.Contains('.');

    private static HoconException EmptyElement(HoconToken token, int offset) =>
        new(token.Position with { Column = token.Position.Column + Math.Max(offset, 0) },
            "path has an empty element (a leading, trailing or doubled '.'); quote it as \"\" if you mean an empty key");
}
