using System.Globalization;

namespace Granary.Devices;

/// <summary>
/// A silo's devices as Orleans silo metadata, so placement on any silo sees every silo's devices without a
/// call: <c>device.{index}</c> = <c>{kind}|{memory bytes}|{source}|{name}</c>.
/// </summary>
public static class DeviceMetadata
{
    private const string Prefix = "device.";

    public static IEnumerable<KeyValuePair<string, string>> Write(IEnumerable<DeviceDescriptor> devices) =>
        devices.Select(d => new KeyValuePair<string, string>(
            Prefix + d.Index.ToString(CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"{d.Kind.ToString().ToLowerInvariant()}|{d.MemoryBytes}|{d.Source}|{d.Name}")));

    public static IReadOnlyList<DeviceDescriptor> Read(IReadOnlyDictionary<string, string> metadata)
    {
        var devices = new List<DeviceDescriptor>();
        foreach (var (key, value) in metadata)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal)
                || !int.TryParse(key.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            var parts = value.Split('|', 4);
            if (parts.Length == 4
                && Enum.TryParse<DeviceKind>(parts[0], ignoreCase: true, out var kind)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var memory))
            {
                devices.Add(new DeviceDescriptor(index, kind, parts[3], memory, parts[2]));
            }
        }

        return devices.OrderBy(d => d.Index).ToArray();
    }
}
