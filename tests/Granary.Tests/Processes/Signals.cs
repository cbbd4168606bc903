using System.Runtime.InteropServices;

namespace Granary.Tests.Processes;

/// <summary>
/// POSIX signals to child processes (Linux numbers): SIGTERM asks a silo to stop gracefully, SIGKILL kills it outright,
/// SIGSTOP freezes it as a GC pause, a stuck disk or a hung VM would, with its sockets open; SIGCONT lets it run again.
/// </summary>
internal static partial class Signals
{
    public const int Terminate = 15;

    public const int Kill = 9;

    public const int Stop = 19;

    public const int Continue = 18;

    public static void Send(int pid, int signal)
    {
        if (SendSignal(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
