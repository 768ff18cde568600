using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Configuration;

/// <summary>
/// Loads host.json the way .NET configuration layers sources, last one wins:
/// <list type="number">
/// <item>the host.json file (<c>--config</c>, default <c>./host.json</c>; when that default is missing, the embedded default host.json);</item>
/// <item>environment variables <c>AzureFunctionsJobHost__&lt;path&gt;</c>, as the Functions host reads them;</item>
/// <item>environment variables <c>DURABLEFLOWS_&lt;path&gt;</c> (path segments joined by <c>__</c>);</item>
/// <item>command-line overrides <c>path=value</c>.</item>
/// </list>
/// Unknown keys become warnings; malformed values throw <see cref="HostConfigurationException"/>.
/// </summary>
public static partial class HostConfigurationLoader
{
    /// <summary>The only host.json schema version accepted, as in Functions 2.x and later.</summary>
    public const string SupportedVersion = "2.0";

    /// <summary>The prefix the Functions host reads host.json overrides from.</summary>
    public const string FunctionsEnvironmentPrefix = "AzureFunctionsJobHost__";

    /// <summary>Our shorter prefix; wins over <see cref="FunctionsEnvironmentPrefix"/>.</summary>
    public const string EnvironmentPrefix = "DURABLEFLOWS_";

    /// <summary>An API key taken in addition to <c>durableFlows.http.apiKeys</c>.</summary>
    public const string ApiKeyVariable = "DURABLEFLOWS_API_KEY";

    private const string HostJson = "host.json";
    private const string StorageProviderKey = "extensions:durableTask:storageProvider";

    /// <summary>Gets the text of the embedded default host.json, used when no host.json exists.</summary>
    public static string DefaultHostJson
    {
        get
        {
            using var stream = OpenDefaultHostJson();
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Loads, layers and validates the configuration.</summary>
    /// <exception cref="HostConfigurationException">A file is missing or unreadable, or a value is malformed.</exception>
    public static HostConfiguration Load(HostConfigurationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var warnings = new List<string>();
        var (fileEntries, sourcePath, baseDirectory) = ReadFile(request, warnings);
        var layers = new List<IReadOnlyList<ConfigurationEntry>>
        {
            fileEntries,
            FromEnvironment(request.Environment, FunctionsEnvironmentPrefix),
            FromEnvironment(request.Environment, EnvironmentPrefix),
            FromOverrides(request.Overrides),
        };

        var composed = new Dictionary<string, ConfigurationEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in layers.SelectMany(layer => layer))
        {
            composed[entry.Key] = entry;
        }

        CheckKeys(composed.Values, warnings);
        if (!composed.Keys.Any(k => k.StartsWith(StorageProviderKey + ":", StringComparison.OrdinalIgnoreCase)))
        {
            // Without a storageProvider the default is the embedded, durable sqlite file, as in the default host.json.
            composed[StorageProviderKey + ":type"] = new ConfigurationEntry(StorageProviderKey + ":type", "sqlite", "default");
            composed[StorageProviderKey + ":path"] = new ConfigurationEntry(StorageProviderKey + ":path", "durableflows.db", "default");
        }

        var root = new ConfigurationBuilder()
            .AddInMemoryCollection(composed.Values.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)))
            .Build();
        var values = new HostJsonValues(composed);
        var version = values.Get("version");
        if (version is null)
        {
            throw new HostConfigurationException(
                $"{HostJson}: version is missing; expected \"{SupportedVersion}\" (the Functions 2.x schema).");
        }

        if (version.Value != SupportedVersion)
        {
            throw values.Malformed(version, $"expected \"{SupportedVersion}\" (the Functions 2.x schema)");
        }

        var defaultConcurrency = 10 * Environment.ProcessorCount;
        var durableTask = new DurableTaskSettings(
            HubName(values),
            root.GetSection(StorageProviderKey),
            values.PositiveInt("extensions:durableTask:maxConcurrentActivityFunctions", defaultConcurrency),
            values.PositiveInt("extensions:durableTask:maxConcurrentOrchestratorFunctions", defaultConcurrency));
        var apiKeys = values.List("durableFlows:http:apiKeys", split: false);
        foreach (var key in apiKeys.Where(k => string.IsNullOrWhiteSpace(k.Value)))
        {
            throw values.Malformed(key, "expected a non-empty key");
        }

        var keys = apiKeys.Select(k => k.Value!).ToList();
        if (request.Environment.TryGetValue(ApiKeyVariable, out var environmentKey) && !string.IsNullOrWhiteSpace(environmentKey))
        {
            keys.Add(environmentKey);
        }

        var http = new HttpApiSettings(
            Urls(values),
            keys,
            values.PositiveLong("durableFlows:http:maxRequestBodySize", HttpApiSettings.DefaultMaxRequestBodySize),
            RoutePrefix(values));
        var sidecar = new SidecarSettings(Address(values));
        return new HostConfiguration(root, sourcePath, baseDirectory, durableTask, http, sidecar, warnings);
    }

    private static (IReadOnlyList<ConfigurationEntry> Entries, string? SourcePath, string BaseDirectory) ReadFile(
        HostConfigurationRequest request, List<string> warnings)
    {
        var path = Path.GetFullPath(request.ConfigPath ?? HostJson, request.BaseDirectory);
        if (!File.Exists(path))
        {
            if (request.ConfigPath is not null)
            {
                throw new HostConfigurationException(
                    $"--config {request.ConfigPath}: no file at '{path}'; expected a host.json file (omit --config to use ./host.json or the embedded defaults).");
            }

            warnings.Add($"{HostJson}: no file at '{path}'; using the embedded default host.json.");
            using var stream = OpenDefaultHostJson();
            var defaults = new ConfigurationBuilder().AddJsonStream(stream).Build();
            return (Flatten(defaults, "embedded default host.json"), null, request.BaseDirectory);
        }

        IConfigurationRoot file;
        try
        {
            file = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            var detail = e.InnerException?.Message ?? e.Message;
            throw new HostConfigurationException($"{HostJson} at '{path}' is not valid JSON: {detail}", e);
        }

        return (Flatten(file, HostJson), path, Path.GetDirectoryName(path)!);
    }

    private static List<ConfigurationEntry> Flatten(IConfiguration configuration, string origin) =>
        [.. configuration.AsEnumerable().Where(p => !HasChildren(configuration, p.Key, p.Value)).Select(p => new ConfigurationEntry(p.Key, p.Value, origin))];

    // AsEnumerable lists sections too (null value); only leaves and empty objects or arrays are entries.
    private static bool HasChildren(IConfiguration configuration, string key, string? value) =>
        value is null && configuration.GetSection(key).GetChildren().Any();

    private static List<ConfigurationEntry> FromEnvironment(IReadOnlyDictionary<string, string> environment, string prefix)
    {
        var entries = new List<ConfigurationEntry>();
        foreach (var (name, value) in environment.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var path = name[prefix.Length..];

            // DURABLEFLOWS_API_KEY, DURABLEFLOWS_QUEUE and the like are single words, not host.json paths.
            if (path.Length == 0 || (!path.Contains("__", StringComparison.Ordinal)
                && !path.Equals("version", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            entries.Add(new ConfigurationEntry(path.Replace("__", ":", StringComparison.Ordinal), value, $"environment variable {name}"));
        }

        return entries;
    }

    private static List<ConfigurationEntry> FromOverrides(IReadOnlyList<string> overrides)
    {
        var entries = new List<ConfigurationEntry>();
        foreach (var text in overrides)
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new HostConfigurationException(
                    $"command-line override '{text}' has no key; expected path=value, e.g. extensions.durableTask.hubName=MyHub.");
            }

            var path = IndexPattern().Replace(text[..equals].Trim(), ":$1").Replace('.', ':');
            entries.Add(new ConfigurationEntry(path, text[(equals + 1)..], $"command-line override '{text}'"));
        }

        return entries;
    }

    private static void CheckKeys(IEnumerable<ConfigurationEntry> entries, List<string> warnings)
    {
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            var segments = entry.Key.Split(':');
            var node = HostJsonSchema.Root;
            for (var i = 0; i < segments.Length; i++)
            {
                var at = string.Join('.', segments[..(i + 1)]);
                if (node.Kind is HostJsonKind.Open or HostJsonKind.FunctionsSetting)
                {
                    break;
                }

                if (node.Kind == HostJsonKind.Leaf)
                {
                    throw new HostConfigurationException(
                        $"{entry.Origin}: {string.Join('.', segments[..i])} holds an object or array; expected a single value.");
                }

                if (node.Kind == HostJsonKind.List)
                {
                    if (!int.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out _) || i != segments.Length - 1)
                    {
                        throw new HostConfigurationException(
                            $"{entry.Origin}: {string.Join('.', segments[..i])} holds an object; expected a list of strings.");
                    }

                    break;
                }

                var child = node.Child(segments[i]);
                if (child is null)
                {
                    if (reported.Add(at))
                    {
                        warnings.Add(node.OtherChildrenAreFunctionsSettings
                            ? $"{entry.Origin}: key '{at}' is a Functions setting DurableFlows does not use (ignored)"
                            : $"{entry.Origin}: unknown key '{at}' (ignored){Suggestion(node, segments[i])}");
                    }

                    break;
                }

                if (child.Kind == HostJsonKind.FunctionsSetting && reported.Add(at))
                {
                    warnings.Add($"{entry.Origin}: key '{at}' is a Functions setting DurableFlows does not use (ignored)");
                }

                node = child;
            }
        }
    }

    private static string Suggestion(HostJsonSchema node, string name)
    {
        var best = node.ChildNames
            .Where(known => node.Child(known)!.Kind != HostJsonKind.FunctionsSetting)
            .Select(known => (Name: known, Distance: EditDistance(known.ToUpperInvariant(), name.ToUpperInvariant())))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is null ? string.Empty : $"; did you mean '{best.Name}'?";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private static string HubName(HostJsonValues values)
    {
        var entry = values.Get("extensions:durableTask:hubName");
        if (entry is null)
        {
            return "DurableFlows";
        }

        if (entry.Value is null || !HubNamePattern().IsMatch(entry.Value))
        {
            throw values.Malformed(entry, "expected 3-45 characters, letters and digits only, starting with a letter (as Durable Functions requires)");
        }

        return entry.Value;
    }

    private static string RoutePrefix(HostJsonValues values)
    {
        var entry = values.Get("extensions:http:routePrefix");
        if (entry is null)
        {
            return HttpApiSettings.DefaultRoutePrefix;
        }

        var prefix = (entry.Value ?? string.Empty).Trim('/');
        if (prefix.Split('/').Any(s => s.Length == 0) && prefix.Length > 0 || prefix.IndexOfAny([' ', '?', '#', '{', '}', '\\', '%']) >= 0)
        {
            throw values.Malformed(entry, "expected URL path segments such as \"api\" or \"api/v1\", or \"\" for no prefix");
        }

        return prefix;
    }

    private static List<string> Urls(HostJsonValues values)
    {
        var urls = values.List("durableFlows:http:urls", split: true);
        if (urls.Count == 0)
        {
            return [HttpApiSettings.DefaultUrl];
        }

        foreach (var url in urls)
        {
            if (!IsListenUrl(url.Value))
            {
                throw values.Malformed(url, "expected an http:// or https:// URL with a host and port, such as http://127.0.0.1:7071 or http://*:8080");
            }
        }

        return [.. urls.Select(u => u.Value!)];
    }

    private static bool IsListenUrl(string? value)
    {
        // Kestrel accepts * and + as "any address"; Uri does not parse them as hosts.
        var parsable = value?.Replace("://*", "://any", StringComparison.Ordinal).Replace("://+", "://any", StringComparison.Ordinal);
        return Uri.TryCreate(parsable, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query);
    }

    private static Uri Address(HostJsonValues values)
    {
        var entry = values.Get("durableFlows:sidecar:address");
        if (entry is null)
        {
            return new Uri(SidecarSettings.DefaultAddress);
        }

        if (!Uri.TryCreate(entry.Value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw values.Malformed(entry, "expected an http:// or https:// address such as http://127.0.0.1:4001");
        }

        return uri;
    }

    private static Stream OpenDefaultHostJson() =>
        typeof(HostConfigurationLoader).Assembly.GetManifestResourceStream("DurableFlows.Configuration.DefaultHost.json")
        ?? throw new InvalidOperationException("The embedded default host.json is missing from DurableFlows.Configuration.");

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubNamePattern();

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex IndexPattern();
}
