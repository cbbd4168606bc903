using Granary.Silo.Hosting;

await GranarySiloHost.Build(args).RunAsync();
