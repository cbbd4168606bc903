using Newtonsoft.Json.Serialization;

namespace Granary.Storage;

/// <summary>
/// Reads grain state written before the core was renamed from <c>Granary.Grains</c> to
/// <c>Granary.Serving</c>: Orleans' JSON storage serializer names each state's type with its assembly, so the
/// old name is read as the new one. Everything else goes to Orleans' own binder.
/// </summary>
public sealed class RenamedAssemblyBinder(ISerializationBinder inner) : ISerializationBinder
{
    public const string FormerAssemblyName = "Granary.Grains";

    private static readonly string CurrentAssemblyName = typeof(RenamedAssemblyBinder).Assembly.GetName().Name!;

    public Type BindToType(string? assemblyName, string typeName) =>
        inner.BindToType(assemblyName == FormerAssemblyName ? CurrentAssemblyName : assemblyName, typeName);

    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) =>
        inner.BindToName(serializedType, out assemblyName, out typeName);
}
