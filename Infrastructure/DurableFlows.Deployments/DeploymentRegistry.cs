using System.Globalization;
using DurableFlows.Aws.Ecs;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Deployments;

/// <summary>
/// The work pools and deployments of the <c>durableFlows</c> section, validated when read so that no run
/// finds a bad size at launch time.
/// </summary>
public sealed class DeploymentRegistry
{
    private readonly Dictionary<string, Deployment> _deployments;

    /// <summary>Initializes a new instance of the <see cref="DeploymentRegistry"/> class, validating every deployment's size.</summary>
    /// <exception cref="DeploymentConfigurationException">A deployment names an unknown pool or has an invalid size.</exception>
    public DeploymentRegistry(IEnumerable<WorkPool> pools, IEnumerable<Deployment> deployments)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(deployments);
        WorkPools = pools.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _deployments = deployments.ToDictionary(d => d.Name, StringComparer.Ordinal);
        foreach (var deployment in _deployments.Values)
        {
            Plan(deployment.Name, runOverrides: null, $"deployment '{deployment.Name}'");
        }
    }

    /// <summary>Gets the work pools by name.</summary>
    public IReadOnlyDictionary<string, WorkPool> WorkPools { get; }

    /// <summary>Gets the deployment names, sorted.</summary>
    public IReadOnlyList<string> DeploymentNames => [.. _deployments.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Reads and validates the <c>durableFlows</c> section.</summary>
    /// <param name="section">The <c>durableFlows</c> section.</param>
    /// <param name="source">The file named in error messages.</param>
    /// <exception cref="DeploymentConfigurationException">Something is invalid; the message has one line per problem.</exception>
    public static DeploymentRegistry FromConfiguration(IConfigurationSection section, string source = "host.json")
    {
        ArgumentNullException.ThrowIfNull(section);
        return new DeploymentRegistryReader(source).Read(section);
    }

    /// <summary>Checks at start-up that every deployment's flow is one the workers can run.</summary>
    /// <param name="registeredFlows">The flow names the catalog knows.</param>
    /// <exception cref="DeploymentConfigurationException">A deployment names an unknown flow; the message lists the known flows.</exception>
    public void CheckFlows(IReadOnlyCollection<string> registeredFlows)
    {
        ArgumentNullException.ThrowIfNull(registeredFlows);
        var unknown = _deployments.Values.Where(d => !registeredFlows.Contains(d.Flow)).Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new DeploymentConfigurationException(string.Join(Environment.NewLine, unknown.Select(name =>
                $"durableFlows.deployments: '{name}' runs flow '{_deployments[name].Flow}', which is not registered; registered flows: {string.Join(", ", registeredFlows.Order(StringComparer.Ordinal).Select(f => $"'{f}'"))}")));
        }
    }

    /// <summary>Finds a deployment by its full name.</summary>
    /// <exception cref="DeploymentConfigurationException">No deployment has that name; the message lists those that exist.</exception>
    public Deployment Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_deployments.TryGetValue(name, out var deployment))
        {
            return deployment;
        }

        var known = _deployments.Count == 0
            ? "none are configured (durableFlows.deployments is empty)"
            : string.Join(", ", DeploymentNames.Select(n => $"'{n}'"));
        throw new DeploymentConfigurationException(
            $"Unknown deployment '{name}'; expected \"Flow/deployment\" as configured in durableFlows.deployments. Known deployments: {known}.");
    }

    /// <summary>Merges pool defaults, the deployment's overrides and the run's, and checks the size.</summary>
    /// <param name="name">The deployment.</param>
    /// <param name="runOverrides">The run's overrides, or null.</param>
    /// <param name="caller">Who asked, for the error message, such as <c>RunDeploymentAsync("Sub Flow1/sub-flow1-deployment")</c>.</param>
    /// <exception cref="DeploymentConfigurationException">The deployment is unknown or the merged size is not valid for its pool.</exception>
    public DeploymentLaunchPlan Plan(string name, InfraOverrides? runOverrides, string caller)
    {
        var deployment = Find(name);
        if (!WorkPools.TryGetValue(deployment.WorkPool, out var pool))
        {
            throw new DeploymentConfigurationException(
                $"{caller}: work pool '{deployment.WorkPool}' is not configured; known pools: {string.Join(", ", WorkPools.Keys.Select(k => $"'{k}'"))}.");
        }

        var layers = new[]
        {
            (Where: $"work pool '{pool.Name}'", Overrides: new InfraOverrides { Cpu = pool.Cpu, Memory = pool.Memory, Env = pool.Env }),
            (Where: $"deployment '{deployment.Name}' infraOverrides", Overrides: deployment.InfraOverrides),
            (Where: $"{caller} overrides", Overrides: runOverrides),
        };
        var merged = layers.Aggregate((InfraOverrides?)null, (sum, layer) => InfraOverrides.Merge(sum, layer.Overrides))!;
        var cpuFrom = layers.Last(l => l.Overrides?.Cpu is not null).Where;
        var memoryFrom = layers.Last(l => l.Overrides?.Memory is not null).Where;
        var problem = SizeProblem(pool, merged.Cpu!.Value, merged.Memory!.Value, $"{cpuFrom}: cpu", $"{memoryFrom}: memory");
        if (problem is not null)
        {
            throw new DeploymentConfigurationException(problem);
        }

        return new DeploymentLaunchPlan(deployment, pool, merged.Cpu.Value, merged.Memory.Value, merged.Env ?? new Dictionary<string, string>());
    }

    /// <summary>Describes what is wrong with a size for a pool, or null when it is valid.</summary>
    /// <param name="pool">The pool whose platform decides.</param>
    /// <param name="cpu">The CPU units.</param>
    /// <param name="memory">The memory in MiB.</param>
    /// <param name="cpuPath">Where the CPU came from, as the message names it.</param>
    /// <param name="memoryPath">Where the memory came from, as the message names it.</param>
    public static string? SizeProblem(WorkPool pool, int cpu, int memory, string cpuPath, string memoryPath)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (!pool.IsFargate)
        {
            return cpu < 128 ? Invariant($"{cpuPath} = {cpu} is too small; ECS needs at least 128 CPU units")
                : memory < 6 ? Invariant($"{memoryPath} = {memory} is too small; ECS needs at least 6 MiB")
                : null;
        }

        if (!FargateSizes.Cpus.Contains(cpu))
        {
            return Invariant($"{cpuPath} = {cpu} is not a Fargate size; valid: {string.Join(", ", FargateSizes.Cpus)}");
        }

        return FargateSizes.IsValid(cpu, memory)
            ? null
            : Invariant($"{memoryPath} = {memory} is not a Fargate size for cpu {cpu}; valid: {string.Join(", ", FargateSizes.MemoriesFor(cpu))}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
