namespace Granary.Devices;

/// <summary>No live silo has a device of the right class, with the memory and labels a model needs.</summary>
[GenerateSerializer, Alias("granary.NoDeviceFitsException")]
public sealed class NoDeviceFitsException(string message) : Exception(message);
