using System.Globalization;

namespace Granary.Devices;

/// <summary>
/// The key of a device grain, <c>{silo address}#{index}</c>: the silo address (with its generation) names
/// the process that owns the device, so a restarted silo's devices are new grains with no stale holds.
/// </summary>
public readonly record struct DeviceKey(string Silo, int Index)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Silo}#{Index}");

    public static DeviceKey Parse(string key)
    {
        var separator = key.LastIndexOf('#');
        if (separator <= 0 || !int.TryParse(key.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new FormatException($"'{key}' is not a device key of the form silo#index.");
        }

        return new DeviceKey(key[..separator], index);
    }
}
