using System.Collections.Frozen;

namespace DurableFlows.Storage.Sqlite;

/// <summary>The SQL of this backend, read once from the embedded <c>Sql/**/*.sql</c> files.</summary>
internal static class SqlScripts
{
    private static readonly FrozenDictionary<string, string> _scripts = Load();

    /// <summary>Gets a statement file by name, as in <c>Sql/{name}.sql</c>.</summary>
    public static string Get(string name) =>
        _scripts.TryGetValue($"Sql/{name}.sql", out var text)
            ? text
            : throw new InvalidOperationException($"Embedded SQL 'Sql/{name}.sql' is missing from {typeof(SqlScripts).Assembly.GetName().Name}.");

    /// <summary>Gets the schema scripts as (version, name, text), in version order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Text)> Schema { get; } =
        [.. _scripts
            .Where(s => s.Key.StartsWith("Sql/Schema/", StringComparison.Ordinal))
            .Select(s => (Version: int.Parse(Path.GetFileName(s.Key).AsSpan(0, 4), provider: System.Globalization.CultureInfo.InvariantCulture), Name: Path.GetFileName(s.Key), Text: s.Value))
            .OrderBy(s => s.Version)];

    private static FrozenDictionary<string, string> Load()
    {
        var assembly = typeof(SqlScripts).Assembly;
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            scripts[name] = reader.ReadToEnd();
        }

        return scripts.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
