namespace Granary.Models;

[GenerateSerializer, Alias("granary.ModelVersionState")]
public enum ModelVersionState
{
    Loading = 0,
    Ready = 1,
    Unavailable = 2,
    Failed = 3,
}
