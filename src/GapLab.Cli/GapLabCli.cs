using System.CommandLine;
using GapLab.Cli.Commands;

namespace GapLab.Cli;

/// <summary>
/// Entry point of the <c>gaplab</c> command. Exit codes: 0 success, 1 the job ran but a run failed or was cancelled,
/// 2 bad arguments or input (one clear error line on stderr).
/// </summary>
public static class GapLabCli
{
    public const int ExitOk = 0, ExitFailed = 1, ExitUsage = 2;

    public static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("GapLab: measure how well deep networks generalize (TorchSharp).");
        root.Subcommands.Add(RunCommand.Build(stdout, stderr));
        root.Subcommands.Add(MeasureCommand.Build(stdout, stderr));
        root.Subcommands.Add(QualityCommand.Build(stdout, stderr));
        root.Subcommands.Add(CorrelateCommand.Build(stdout, stderr));
        root.Subcommands.Add(TestbedCommand.Build(stdout, stderr));
        root.Subcommands.Add(ListCommand.Build(stdout, stderr));
        root.Subcommands.Add(NotebookCommand.Build(stdout, stderr));
        root.Subcommands.Add(MergeCommand.Build(stdout, stderr));
        root.Subcommands.Add(StoreCommand.Build(stdout, stderr));
        root.Subcommands.Add(DoctorCommand.Build(stdout, stderr));
        root.Subcommands.Add(BenchmarkCommand.Build(stdout, stderr));
        return root;
    }

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot(stdout, stderr);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"gaplab: {parse.Errors[0].Message} (see 'gaplab {string.Join(' ', args.Take(1))} --help')");
            return ExitUsage;
        }
        // on Ctrl+C an asynchronous action gets this long to finish its batch and print what it has before the process is ended (exit 130)
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
        return parse.Invoke(config);
    }

    /// <summary>Runs a command body, turning bad input into one error line and exit code 2.</summary>
    internal static int Guard(TextWriter stderr, Func<int> body)
    {
        try { return body(); }
        catch (Exception e) when (IsBadInput(e))
        {
            stderr.WriteLine($"gaplab: {e.Message}");
            return ExitUsage;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine(CancelledMessage);
            return ExitFailed;
        }
    }

    /// <summary>What a job stopped by Ctrl+C or SIGTERM before it wrote its results says (exit code <see cref="ExitFailed"/>).</summary>
    internal const string CancelledMessage = "gaplab: cancelled; nothing written.";

    /// <inheritdoc cref="Guard"/>
    internal static async Task<int> GuardAsync(TextWriter stderr, Func<Task<int>> body)
    {
        try { return await body(); }
        catch (Exception e) when (IsBadInput(e))
        {
            stderr.WriteLine($"gaplab: {e.Message}");
            return ExitUsage;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine(CancelledMessage);
            return ExitFailed;
        }
    }

    /// <summary>The command line as typed (for the result store's sessions table), arguments with spaces quoted.</summary>
    internal static string CommandLine(ParseResult parse) =>
        "gaplab " + string.Join(" ", parse.Tokens.Select(t => t.Value.Any(char.IsWhiteSpace) || t.Value.Length == 0 ? $"\"{t.Value}\"" : t.Value));

    static bool IsBadInput(Exception e) => e is ArgumentException or FormatException or IOException
        or InvalidDataException or System.Text.Json.JsonException or Runtime.TorchRuntimeException
        or Runtime.SelfCheck.KernelSelfCheckException;
}
