namespace Granary.Devices;

/// <summary>The device classes a model can ask for.</summary>
[GenerateSerializer, Alias("granary.DeviceKind")]
public enum DeviceKind
{
    Cpu = 0,
    Gpu = 1,
}
