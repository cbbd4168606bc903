namespace Granary.LoadTests.Targets;

/// <summary>Finds the Granary checkout the load tests were built in, for the silo build and the results folder.</summary>
public static class RepositoryRoot
{
    private const string Marker = "load-tests/Granary.LoadTests.csproj";

    /// <summary>The checkout above the running binary, else above the working directory, else null.</summary>
    public static string? Find() => Above(AppContext.BaseDirectory) ?? Above(Environment.CurrentDirectory);

    private static string? Above(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
