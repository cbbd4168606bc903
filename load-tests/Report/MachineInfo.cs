using System.Runtime.InteropServices;

namespace Granary.LoadTests.Report;

/// <summary>Where the numbers were taken; they mean little without it.</summary>
public sealed record MachineInfo(int ProcessorCount, string Os, string Architecture, string Runtime)
{
    public static MachineInfo Current { get; } = new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.OSArchitecture.ToString(),
        RuntimeInformation.FrameworkDescription);
}
