namespace Granary.Devices;

/// <summary>A device named in configuration (<c>Granary:Devices</c>), for silos whose devices NVML cannot see.</summary>
public sealed class DeclaredDevice
{
    /// <summary><c>gpu</c> or <c>cpu</c>.</summary>
    public string Kind { get; set; } = "gpu";

    public string Name { get; set; } = "";

    public double MemoryGiB { get; set; }
}
