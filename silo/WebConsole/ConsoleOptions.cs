namespace Granary.Silo.WebConsole;

/// <summary>The web console (<c>Granary:Console</c>): static pages on the silo's HTTP port, built on the REST APIs.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Granary:Console";

    /// <summary>Serve the console; on by default. It needs the HTTP port (<c>Granary:Grpc:HttpPort</c> above 0).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the console is served: an absolute path of its own, outside the API routes.</summary>
    public string Path { get; set; } = "/console";
}
