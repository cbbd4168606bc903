using System.Runtime.InteropServices;

namespace Granary.LoadTests.Targets;

/// <summary>
/// POSIX signals, which .NET's Process cannot send: SIGTERM lets a server's host stop gracefully; the chaos runner
/// also kills (SIGKILL), freezes (SIGSTOP) and thaws (SIGCONT) silos. Numbers as on Linux.
/// </summary>
internal static partial class PosixSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>True when the signal was delivered.</summary>
    public static bool Terminate(int processId) => Send(processId, SigTerm);

    /// <summary>True when the signal was delivered.</summary>
    public static bool Send(int processId, int signal) => Kill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
