namespace Granary.LoadTests.Load;

/// <summary>A server under load: its name in the report, the channels to it, and the model to ask for.</summary>
public sealed record LoadTarget(string Name, ChannelPool Channels, string Model, string Version);
