using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Deployments;

/// <summary>
/// Reads the <c>durableFlows</c> section by hand rather than through the binder, so that each problem is
/// reported with its JSON path (<c>host.json: durableFlows.deployments[1].infraOverrides.cpu = 300 ...</c>)
/// and all problems are reported at once.
/// </summary>
internal sealed partial class DeploymentRegistryReader(string source)
{
    private static readonly string[] LaunchTypes = ["FARGATE", "EC2", "EXTERNAL", "MANAGED_INSTANCES"];
    private static readonly string[] PublicIpSettings = ["ENABLED", "DISABLED"];

    private readonly List<string> _problems = [];

    public DeploymentRegistry Read(IConfigurationSection section)
    {
        var pools = section.GetSection("workPools").GetChildren().Select(ReadPool).OfType<WorkPool>().ToList();
        var deployments = ReadDeployments(section.GetSection("deployments"), pools);
        if (_problems.Count > 0)
        {
            throw new DeploymentConfigurationException(string.Join(Environment.NewLine, _problems));
        }

        return new DeploymentRegistry(pools, deployments);
    }

    private WorkPool? ReadPool(IConfigurationSection pool)
    {
        var errorsBefore = _problems.Count;
        var type = pool["type"]?.ToUpperInvariant() switch
        {
            "ECS" => WorkPoolType.Ecs,
            "LOCAL" => WorkPoolType.Local,
            var other => Problem<WorkPoolType>(pool, "type", other is null ? "is missing" : $"= {pool["type"]} is not a work pool type", "valid: ecs, local"),
        };
        var launchType = pool["launchType"];
        if (launchType is not null && !LaunchTypes.Contains(launchType, StringComparer.Ordinal))
        {
            Problem<string>(pool, "launchType", $"= {launchType} is not an ECS launch type", $"valid: {string.Join(", ", LaunchTypes)}");
        }

        var strategy = pool.GetSection("capacityProviderStrategy").GetChildren().Select(item => new CapacityProviderStrategyItem(
            item["capacityProvider"] ?? Problem<string>(item, "capacityProvider", "is missing", "expected a provider such as FARGATE_SPOT"),
            Integer(item, "weight") ?? 1,
            Integer(item, "base") ?? 0)).ToList();
        if (launchType is not null && strategy.Count > 0)
        {
            Problem<string>(pool, "capacityProviderStrategy", "is set together with launchType", "ECS takes one or the other; remove one");
        }

        var assignPublicIp = pool["assignPublicIp"] ?? "DISABLED";
        if (!PublicIpSettings.Contains(assignPublicIp, StringComparer.Ordinal))
        {
            Problem<string>(pool, "assignPublicIp", $"= {assignPublicIp} is not valid", "valid: ENABLED, DISABLED");
        }

        var serviceUrlText = pool["serviceUrl"];
        Uri? serviceUrl = null;
        if (serviceUrlText is not null && !Uri.TryCreate(serviceUrlText, UriKind.Absolute, out serviceUrl))
        {
            Problem<string>(pool, "serviceUrl", $"= {serviceUrlText} is not an absolute URL", "expected such as http://127.0.0.1:4566");
        }

        var local = type == WorkPoolType.Local;
        var eventsQueueUrl = EventsQueueUrl(pool, local);
        var result = new WorkPool
        {
            Name = pool.Key,
            Type = type,
            Cluster = pool["cluster"] ?? "default",
            TaskDefinition = pool["taskDefinition"]
                ?? (local ? "durableflows-runner" : Problem<string>(pool, "taskDefinition", "is missing", "expected the task definition whose container runs durableflows runner")),
            ContainerName = pool["containerName"] ?? "runner",
            LaunchType = launchType ?? (strategy.Count == 0 ? "FARGATE" : null),
            CapacityProviderStrategy = strategy,
            Subnets = Strings(pool.GetSection("subnets")),
            SecurityGroups = Strings(pool.GetSection("securityGroups")),
            AssignPublicIp = assignPublicIp,
            TaskRoleArn = pool["taskRoleArn"],
            ExecutionRoleArn = pool["executionRoleArn"],
            Env = Env(pool.GetSection("env")),
            Region = pool["region"],
            Cpu = Integer(pool, "cpu") ?? 256,
            Memory = Integer(pool, "memory") ?? 512,
            ServiceUrl = serviceUrl ?? (local ? new Uri("http://127.0.0.1:4566") : null),
            EventsQueueUrl = eventsQueueUrl,
        };
        if (!local && result.IsFargate && result.Subnets.Count == 0)
        {
            Problem<string>(pool, "subnets", "is empty", "Fargate tasks need at least one subnet (awsvpc network mode)");
        }

        if (SizeProblem(result, result.Cpu, result.Memory, PathOf(pool, "cpu"), PathOf(pool, "memory")) is { } size)
        {
            _problems.Add(size);
        }

        return _problems.Count == errorsBefore ? result : null;
    }

    private Uri? EventsQueueUrl(IConfigurationSection pool, bool local)
    {
        var text = pool["eventsQueueUrl"];
        if (text is null)
        {
            return null;
        }

        if (local)
        {
            return Problem<Uri>(pool, "eventsQueueUrl", "is set on a local pool", "the local emulator hands its task state changes to the host in-process; remove it or use type ecs");
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" && url.AbsolutePath.Trim('/').Length > 0
            ? url
            : Problem<Uri>(pool, "eventsQueueUrl", $"= {text} is not an SQS queue URL", "expected such as https://sqs.us-east-1.amazonaws.com/123456789012/ecs-task-state-changes");
    }

    private List<Deployment> ReadDeployments(IConfigurationSection section, List<WorkPool> pools)
    {
        var entries = section.GetChildren().ToList();
        var isList = entries.Count > 0 && entries.All(e => int.TryParse(e.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        var deployments = new List<Deployment>();
        foreach (var entry in entries)
        {
            var name = isList ? entry["name"] : entry.Key;
            if (name is null || !FlowSlashDeployment().IsMatch(name))
            {
                Problem<string>(entry, isList ? "name" : null, name is null ? "is missing" : $"= {name} is not a deployment name", "expected \"Flow/deployment\", such as \"Sub Flow1/sub-flow1-deployment\"");
                continue;
            }

            if (deployments.Any(d => d.Name == name))
            {
                Problem<string>(entry, isList ? "name" : null, $"= {name} is configured twice", "each deployment name must be unique");
                continue;
            }

            var poolName = entry["workPool"] ?? (pools.Count == 1 ? pools[0].Name : null);
            var pool = pools.FirstOrDefault(p => p.Name == poolName);
            if (pool is null)
            {
                Problem<string>(entry, "workPool", poolName is null ? "is missing" : $"= {poolName} is not a configured work pool",
                    $"known pools: {(pools.Count == 0 ? "none (durableFlows.workPools is empty or invalid)" : string.Join(", ", pools.Select(p => p.Name)))}");
                continue;
            }

            var overridesSection = entry.GetSection("infraOverrides");
            var overrides = new InfraOverrides
            {
                Cpu = Integer(overridesSection, "cpu"),
                Memory = Integer(overridesSection, "memory"),
                Env = overridesSection.GetSection("env").Exists() ? Env(overridesSection.GetSection("env")) : null,
            };
            var poolPath = PoolPath(section, pool);
            var cpuPath = overrides.Cpu is null ? PathOf(poolPath + ":cpu") : PathOf(overridesSection, "cpu");
            var memoryPath = overrides.Memory is null ? PathOf(poolPath + ":memory") : PathOf(overridesSection, "memory");
            if (SizeProblem(pool, overrides.Cpu ?? pool.Cpu, overrides.Memory ?? pool.Memory, cpuPath, memoryPath) is { } size)
            {
                _problems.Add(size);
                continue;
            }

            deployments.Add(new Deployment
            {
                Name = name,
                WorkPool = pool.Name,
                InfraOverrides = overrides,
                Bundle = entry["bundle"],
                BundleSha256 = entry["bundleSha256"],
            });
        }

        return deployments;
    }

    // The pool's own section, as a sibling of the deployments section.
    private static string PoolPath(IConfigurationSection deployments, WorkPool pool) =>
        deployments.Path.LastIndexOf(':') is var cut and > 0
            ? $"{deployments.Path[..cut]}:workPools:{pool.Name}"
            : $"workPools:{pool.Name}";

    private string? SizeProblem(WorkPool pool, int cpu, int memory, string cpuPath, string memoryPath) =>
        DeploymentRegistry.SizeProblem(pool, cpu, memory, cpuPath, memoryPath);

    private int? Integer(IConfigurationSection section, string key)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        return Problem<int?>(section, key, $"= {text} is not a positive whole number", "expected CPU units (1024 = 1 vCPU) or MiB, such as 512");
    }

    private static List<string> Strings(IConfigurationSection section) =>
        [.. section.GetChildren().Select(c => c.Value).OfType<string>()];

    private static Dictionary<string, string> Env(IConfigurationSection section) =>
        section.GetChildren().Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);

    private T Problem<T>(IConfigurationSection section, string? key, string what, string expected)
    {
        _problems.Add($"{PathOf(section, key)} {what}; {expected}");
        return default!;
    }

    private string PathOf(IConfigurationSection section, string? key) =>
        PathOf(key is null ? section.Path : section.Path + ":" + key);

    private string PathOf(string configurationPath)
    {
        var segments = configurationPath.Split(':');
        var path = new System.Text.StringBuilder(segments[0]);
        foreach (var segment in segments.Skip(1))
        {
            path.Append(int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? $"[{segment}]"
                : Identifier().IsMatch(segment) ? $".{segment}"
                : $"[\"{segment}\"]");
        }

        return $"{source}: {path}";
    }

    [GeneratedRegex("^[^/]+/[^/]+$")]
    private static partial Regex FlowSlashDeployment();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
