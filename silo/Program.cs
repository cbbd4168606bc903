using Granary.Silo.Hosting;

try
{
    await GranarySiloHost.Build(args).RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    Console.Error.WriteLine($"granary: {string.Join(" ", e.Failures)}");
    return 2;
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    Console.Error.WriteLine($"granary: {e.Message} Choose another port with --Granary:Grpc:Port, --Granary:Grpc:HttpPort or --Granary:Telemetry:MetricsPort.");
    return 1;
}
