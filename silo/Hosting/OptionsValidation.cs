using Granary.Control;

namespace Granary.Silo.Hosting;

/// <summary>Stops the silo at start with a message naming the key when a setting is out of range.</summary>
internal static class OptionsValidation
{
    public static void Validate(GrpcEndpointOptions grpc, SiloEndpointOptions silo, ModelRepositoryOptions repository)
    {
        Port($"{GrpcEndpointOptions.Section}:Port", grpc.Port);
        Port($"{GrpcEndpointOptions.Section}:HttpPort", grpc.HttpPort, allowZero: true);
        Port($"{SiloEndpointOptions.Section}:SiloPort", silo.SiloPort);
        Port($"{SiloEndpointOptions.Section}:GatewayPort", silo.GatewayPort);
        if (!System.Net.IPAddress.TryParse(grpc.Host, out _))
        {
            throw new InvalidOperationException($"{GrpcEndpointOptions.Section}:Host must be an IP address (got '{grpc.Host}').");
        }

        if (grpc.MaxMessageBytes is < 1024 or > 1024 * 1024 * 1024)
        {
            throw new InvalidOperationException($"{GrpcEndpointOptions.Section}:MaxMessageBytes must be between 1 KiB and 1 GiB (got {grpc.MaxMessageBytes}).");
        }

        if (string.IsNullOrWhiteSpace(repository.Path))
        {
            throw new InvalidOperationException($"{ModelRepositoryOptions.Section}:Path must name a directory.");
        }
    }

    private static void Port(string key, int value, bool allowZero = false)
    {
        if (value is < 0 or > 65535 || (value == 0 && !allowZero))
        {
            throw new InvalidOperationException($"{key} must be a TCP port between {(allowZero ? 0 : 1)} and 65535 (got {value}).");
        }
    }
}
