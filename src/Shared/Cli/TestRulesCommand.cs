using System.CommandLine;
using Aggregator.Shared.Rules;

namespace Aggregator.Shared.Cli;

/// <summary>`test rules FILE...`: promtool-format rule unit tests, run by our engine (exit 0 pass, 1 fail).</summary>
internal static class TestRulesCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("files") { Description = "Rule unit-test files (promtool format).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("rules", "Run promtool-format rule unit tests.");
        command.Arguments.Add(files);
        command.SetAction(parse => RuleUnitTestRunner.Run(parse.GetValue(files) ?? [], console.Out, console.Error));
        return command;
    }
}
