namespace Granary.Models;

[GenerateSerializer, Alias("granary.ModelVersionState")]
public enum ModelVersionState
{
    Loading = 0,
    Ready = 1,
    Unavailable = 2,
    Failed = 3,

    /// <summary>No live silo has a device with the class, memory and labels the model needs.</summary>
    Unplaceable = 4,

    /// <summary>Not serving by choice: an admin unloaded the model, or its version policy leaves this version out.</summary>
    Unloaded = 5,
}
