namespace Granary.LoadTests.Load;

/// <summary>A server under load: its name in the report, the channels to it, the model to ask for, and its processes' CPU when this run started them.</summary>
public sealed record LoadTarget(string Name, ChannelPool Channels, string Model, string Version, ProcessCpu? ServerCpu = null);
