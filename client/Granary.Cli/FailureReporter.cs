using System.CommandLine;
using Grpc.Core;

namespace Granary.Cli;

/// <summary>
/// Runs the parsed command and turns the failures a user can act on into one line on stderr and exit code 1;
/// anything else is a bug in the CLI and keeps its stack trace.
/// </summary>
internal static class FailureReporter
{
    private const int Failed = 1;

    // The conventional exit code for a process stopped by SIGINT.
    private const int Interrupted = 130;

    public static async Task<int> InvokeAsync(ParseResult parseResult)
    {
        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (RpcException e)
        {
            // A failure on this side (connection refused, TLS) has its cause only in the debug exception.
            var cause = e.Status.DebugException?.GetBaseException().Message;
            return Report(cause is null ? $"{e.StatusCode}: {e.Status.Detail}" : $"{e.StatusCode}: {e.Status.Detail} ({cause})", Failed);
        }
        catch (CommandInputException e)
        {
            return Report(e.Message, Failed);
        }
        catch (OperationCanceledException)
        {
            return Report("cancelled", Interrupted);
        }
    }

    private static int Report(string message, int exitCode)
    {
        Console.Error.WriteLine($"error: {message}");
        return exitCode;
    }
}
