using Aggregator.Shared.PromQl;

namespace Aggregator.Shared.Tests.PromQl.Conformance;

/// <summary>Reads a PromQL test script into commands; blank lines end a command's block.</summary>
internal static class ScriptParser
{
    public static List<ScriptCommand> Parse(string[] lines)
    {
        var commands = new List<ScriptCommand>();
        int i = 0;
        while (i < lines.Length)
        {
            var line = lines[i].Trim();
            int lineNo = i + 1;
            i++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var words = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            var keyword = words[0].ToLowerInvariant();
            var block = keyword == "clear" ? [] : ReadBlock(lines, ref i);
            switch (keyword)
            {
                case "load" or "load_with_nhcb":
                    commands.Add(new LoadCommand(lineNo, Duration(words[1].Trim()), block, keyword == "load_with_nhcb"));
                    break;
                case "clear":
                    commands.Add(new ClearCommand(lineNo));
                    break;
                case "eval" or "eval_fail" or "eval_ordered" or "eval_warn" or "eval_info":
                    commands.Add(ParseEval(lineNo, keyword, words[1], block));
                    break;
                default:
                    throw new FormatException($"line {lineNo}: unknown command {keyword}");
            }
        }
        return commands;
    }

    private static List<(int, string)> ReadBlock(string[] lines, ref int i)
    {
        var block = new List<(int, string)>();
        while (i < lines.Length && lines[i].Trim().Length > 0)
        {
            var t = lines[i].Trim();
            if (!t.StartsWith('#'))
            {
                block.Add((i + 1, t));
            }
            i++;
        }
        return block;
    }

    private static EvalCommand ParseEval(int lineNo, string keyword, string rest, List<(int Line, string Text)> block)
    {
        EvalCommand cmd;
        if (rest.StartsWith("instant at ", StringComparison.Ordinal))
        {
            var r = rest["instant at ".Length..];
            int sp = r.IndexOf(' ');
            cmd = new EvalCommand(lineNo, r[(sp + 1)..].Trim()) { Time = Duration(r[..sp]) };
        }
        else if (rest.StartsWith("range from ", StringComparison.Ordinal))
        {
            var parts = rest.Split(' ', 8, StringSplitOptions.RemoveEmptyEntries);
            // range from S to E step ST expr
            cmd = new EvalCommand(lineNo, parts[7].Trim())
            {
                IsRange = true,
                Start = Duration(parts[2]),
                End = Duration(parts[4]),
                Step = Duration(parts[6]),
            };
        }
        else
        {
            throw new FormatException($"line {lineNo}: bad eval: {rest}");
        }
        cmd = cmd with { ExpectFail = keyword == "eval_fail", Ordered = keyword == "eval_ordered" };
        foreach (var (line, text) in block)
        {
            if (text.StartsWith("expect ", StringComparison.Ordinal))
            {
                cmd = ApplyExpect(cmd, text["expect ".Length..].Trim(), line);
            }
            else if (text.StartsWith("expected_fail_message ", StringComparison.Ordinal))
            {
                cmd = cmd with { FailMessage = text["expected_fail_message ".Length..].Trim() };
            }
            else if (text.StartsWith("expected_fail_regexp ", StringComparison.Ordinal))
            {
                cmd = cmd with { FailRegex = text["expected_fail_regexp ".Length..].Trim() };
            }
            else
            {
                cmd.Expected.Add((line, text));
            }
        }
        return cmd;
    }

    private static EvalCommand ApplyExpect(EvalCommand cmd, string directive, int line)
    {
        if (directive.StartsWith("fail", StringComparison.Ordinal))
        {
            var rest = directive["fail".Length..].Trim();
            if (rest.StartsWith("msg:", StringComparison.Ordinal))
            {
                return cmd with { ExpectFail = true, FailMessage = rest["msg:".Length..].Trim() };
            }
            if (rest.StartsWith("regex:", StringComparison.Ordinal))
            {
                return cmd with { ExpectFail = true, FailRegex = rest["regex:".Length..].Trim() };
            }
            return cmd with { ExpectFail = true };
        }
        if (directive == "ordered")
        {
            return cmd with { Ordered = true };
        }
        if (directive.StartsWith("string ", StringComparison.Ordinal))
        {
            var quoted = directive["string ".Length..].Trim();
            return cmd with { ExpectString = quoted.Length >= 2 ? quoted[1..^1] : quoted };
        }
        if (directive.StartsWith("range vector from ", StringComparison.Ordinal))
        {
            var p = directive.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return cmd with { ExpectRangeVector = (Duration(p[3]), Duration(p[5]), Duration(p[7])) };
        }
        // Note: warn/info/no_warn/no_info annotations are not produced by this engine and not checked.
        _ = line;
        return cmd;
    }

    public static long Duration(string text)
    {
        bool negative = text.StartsWith('-');
        var t = negative ? text[1..] : text;
        if (!PromDuration.TryParse(t, out long ms))
        {
            if (double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds))
            {
                ms = (long)(seconds * 1000);
            }
            else
            {
                throw new FormatException("bad duration " + text);
            }
        }
        return negative ? -ms : ms;
    }
}
