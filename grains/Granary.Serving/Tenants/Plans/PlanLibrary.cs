using Microsoft.Extensions.Options;

namespace Granary.Tenants.Plans;

/// <summary>
/// How big a tenant's private model library may grow: models, bytes stored, and what one deployment may ask
/// for (replicas at most, device memory over all its replicas). Zero takes the library's tenant default.
/// </summary>
public sealed class PlanLibrary
{
    public int MaxModels { get; set; }

    public long MaxBytes { get; set; }

    public int MaxReplicas { get; set; }

    public long MaxDeviceMemoryMib { get; set; }

    /// <summary>This plan's bounds, each field left at 0 taken from <paramref name="defaults"/>.</summary>
    public PlanLibrary Over(PlanLibrary defaults) => new()
    {
        MaxModels = MaxModels > 0 ? MaxModels : defaults.MaxModels,
        MaxBytes = MaxBytes > 0 ? MaxBytes : defaults.MaxBytes,
        MaxReplicas = MaxReplicas > 0 ? MaxReplicas : defaults.MaxReplicas,
        MaxDeviceMemoryMib = MaxDeviceMemoryMib > 0 ? MaxDeviceMemoryMib : defaults.MaxDeviceMemoryMib,
    };

    public void Validate(ValidateOptionsResultBuilder result, string key)
    {
        foreach (var (field, value) in new (string, long)[] { ("MaxModels", MaxModels), ("MaxBytes", MaxBytes), ("MaxReplicas", MaxReplicas), ("MaxDeviceMemoryMib", MaxDeviceMemoryMib) })
        {
            if (value < 0)
            {
                result.AddError($"{key}:{field} must be zero or positive (got {value}).");
            }
        }
    }
}
