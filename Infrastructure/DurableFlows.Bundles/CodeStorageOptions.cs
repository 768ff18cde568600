using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Bundles;

/// <summary>
/// The <c>durableFlows.storage</c> section of host.json:
/// <c>{ "type": "s3", "bucket", "prefix", "region", "serviceUrl", "forcePathStyle", "maxBundleBytes" }</c>
/// or <c>{ "type": "local", "path" }</c>. Credentials for S3 come from the standard AWS chain.
/// </summary>
public sealed record CodeStorageOptions
{
    /// <summary>The <c>type</c> of S3 storage.</summary>
    public const string S3Type = "s3";

    /// <summary>The <c>type</c> of local folder storage, the embedded default.</summary>
    public const string LocalType = "local";

    /// <summary>The folder of local storage when <c>path</c> is not set, relative to host.json.</summary>
    public const string DefaultLocalPath = ".durableflows/code";

    /// <summary>The bundle size limit when <c>maxBundleBytes</c> is not set: 256 MiB.</summary>
    public const long DefaultMaxBundleBytes = 256L * 1024 * 1024;

    private const string Section = "host.json: durableFlows.storage";

    /// <summary>Gets <c>s3</c> or <c>local</c>.</summary>
    public string Type { get; init; } = LocalType;

    /// <summary>Gets the S3 bucket.</summary>
    public string? Bucket { get; init; }

    /// <summary>Gets the key prefix inside the bucket, without leading or trailing <c>/</c>; empty for none.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>Gets the AWS region, such as <c>eu-west-1</c>; when null the SDK's chain decides.</summary>
    public string? Region { get; init; }

    /// <summary>Gets the endpoint of an S3-compatible server, such as <c>http://127.0.0.1:4568</c>.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>Gets whether requests use path-style addressing (<c>host/bucket/key</c>), as most S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; init; }

    /// <summary>Gets the folder of local storage.</summary>
    public string Path { get; init; } = DefaultLocalPath;

    /// <summary>Gets the largest bundle a deploy uploads, in bytes.</summary>
    public long MaxBundleBytes { get; init; } = DefaultMaxBundleBytes;

    /// <summary>
    /// Reads the section from its JSON element, as found under <c>durableFlows.storage</c>, and validates it.
    /// Property names are matched case-insensitively.
    /// </summary>
    /// <exception cref="CodeStorageConfigurationException">A setting is missing, of the wrong kind or not allowed.</exception>
    public static CodeStorageOptions Parse(JsonElement section)
    {
        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new CodeStorageConfigurationException($"{Section} is {section.ValueKind}; expected an object such as {{ \"type\": \"s3\", \"bucket\": \"prefect-subflow\" }} or {{ \"type\": \"local\" }}.");
        }

        var options = new CodeStorageOptions();
        foreach (var property in section.EnumerateObject())
        {
            options = property.Name.ToLowerInvariant() switch
            {
                "type" => options with { Type = ReadString(property) ?? LocalType },
                "bucket" => options with { Bucket = ReadString(property) },
                "prefix" => options with { Prefix = ReadString(property) ?? string.Empty },
                "region" => options with { Region = ReadString(property) },
                "serviceurl" => options with { ServiceUrl = ReadUri(property) },
                "forcepathstyle" => options with { ForcePathStyle = ReadBool(property) },
                "path" => options with { Path = ReadString(property) ?? DefaultLocalPath },
                "maxbundlebytes" => options with { MaxBundleBytes = ReadLong(property) },
                _ => throw new CodeStorageConfigurationException($"{Section}.{property.Name} is not a storage setting; allowed: type, bucket, prefix, region, serviceUrl, forcePathStyle, path, maxBundleBytes."),
            };
        }

        options.Validate();
        return options;
    }

    /// <summary>
    /// Reads the section from composed configuration (host.json with its environment layers), where every
    /// value is text: <c>forcePathStyle</c> and <c>maxBundleBytes</c> are read as the JSON literals they were
    /// written as, and everything is then validated by <see cref="Parse"/>. A missing section gives the
    /// embedded default, a local folder.
    /// </summary>
    /// <exception cref="CodeStorageConfigurationException">A setting is missing, of the wrong kind or not allowed.</exception>
    public static CodeStorageOptions FromConfiguration(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            if (child.Value is null)
            {
                throw new CodeStorageConfigurationException($"{Section}.{child.Key} is an object or a list; expected a single value.");
            }

            // The JSON configuration provider turns true into "True".
            var literal = bool.TryParse(child.Value, out var flag) ? (flag ? "true" : "false") : child.Value;
            values[child.Key] = child.Key.ToLowerInvariant() is "forcepathstyle" or "maxbundlebytes" && IsJsonLiteral(literal)
                ? JsonDocument.Parse(literal).RootElement.Clone()
                : JsonSerializer.SerializeToElement(child.Value);
        }

        return Parse(JsonSerializer.SerializeToElement(values));
    }

    /// <summary>Checks the settings together.</summary>
    /// <exception cref="CodeStorageConfigurationException">A setting is missing or not allowed.</exception>
    public void Validate()
    {
        if (Type is not (S3Type or LocalType))
        {
            throw new CodeStorageConfigurationException($"{Section}.type = '{Type}' is not a storage type; valid: {S3Type}, {LocalType}.");
        }

        if (MaxBundleBytes <= 0)
        {
            throw new CodeStorageConfigurationException($"{Section}.maxBundleBytes = {MaxBundleBytes.ToString(CultureInfo.InvariantCulture)} is not a size; expected a positive number of bytes.");
        }

        if (Prefix.StartsWith('/') || Prefix.EndsWith('/') || Prefix.Contains("//", StringComparison.Ordinal))
        {
            throw new CodeStorageConfigurationException($"{Section}.prefix = '{Prefix}' has a leading, trailing or doubled '/'; expected segments such as 'flows/prod'.");
        }

        if (Type == LocalType)
        {
            if (string.IsNullOrWhiteSpace(Path))
            {
                throw new CodeStorageConfigurationException($"{Section}.path is empty; expected a folder for type '{LocalType}'.");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(Bucket))
        {
            throw new CodeStorageConfigurationException($"{Section}.bucket is missing; type '{S3Type}' needs a bucket name.");
        }

        // S3's bucket naming rules, in short: 3-63 characters of lowercase letters, digits, '-' and '.'.
        if (Bucket.Length is < 3 or > 63 || !Bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.'))
        {
            throw new CodeStorageConfigurationException($"{Section}.bucket = '{Bucket}' is not an S3 bucket name; expected 3-63 lowercase letters, digits, '-' or '.'.");
        }

        if (ServiceUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            throw new CodeStorageConfigurationException($"{Section}.serviceUrl = '{url}' is not an endpoint; expected an absolute http or https URL such as 'http://127.0.0.1:4568'.");
        }

        if (Region is { } region && (region.Length == 0 || !region.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')))
        {
            throw new CodeStorageConfigurationException($"{Section}.region = '{region}' is not an AWS region; expected a name such as 'eu-west-1'.");
        }
    }

    private static bool IsJsonLiteral(string text) =>
        text is "true" or "false" || long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static string? ReadString(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.String => property.Value.GetString(),
        JsonValueKind.Null => null,
        _ => throw WrongKind(property, "a string"),
    };

    private static Uri? ReadUri(JsonProperty property)
    {
        var text = ReadString(property);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? uri
            : throw new CodeStorageConfigurationException($"{Section}.{property.Name} = '{text}' is not an absolute URL; expected one such as 'http://127.0.0.1:4568'.");
    }

    private static bool ReadBool(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw WrongKind(property, "true or false"),
    };

    private static long ReadLong(JsonProperty property)
        => property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var value)
            ? value
            : throw WrongKind(property, "a whole number of bytes");

    private static CodeStorageConfigurationException WrongKind(JsonProperty property, string expected)
        => new($"{Section}.{property.Name} = {property.Value.GetRawText()} is not allowed; expected {expected}.");
}
