using System.Reflection;
using Microsoft.DurableTask;

namespace DurableFlows.Host;

/// <summary>
/// The flows (orchestrators) and tasks (activities) found in the user's assemblies, by their public
/// names: the <see cref="DurableTaskAttribute"/> name, else the class name, as the SDK names them.
/// </summary>
public sealed class FlowCatalog
{
    private readonly Dictionary<string, Type> _orchestrators;
    private readonly Dictionary<string, Type> _activities;

    private FlowCatalog(Dictionary<string, Type> orchestrators, Dictionary<string, Type> activities)
    {
        _orchestrators = orchestrators;
        _activities = activities;
    }

    /// <summary>Gets the registered flow names, sorted.</summary>
    public IReadOnlyList<string> FlowNames => [.. _orchestrators.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Gets the registered task names, sorted.</summary>
    public IReadOnlyList<string> TaskNames => [.. _activities.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Scans assemblies for concrete orchestrator and activity classes.</summary>
    public static FlowCatalog FromAssemblies(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var orchestrators = new Dictionary<string, Type>(StringComparer.Ordinal);
        var activities = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in assemblies.Distinct().SelectMany(ExportedTypes))
        {
            if (type.IsAbstract || type.IsGenericTypeDefinition)
            {
                continue;
            }

            if (typeof(ITaskOrchestrator).IsAssignableFrom(type))
            {
                AddUnique(orchestrators, NameOf(type), type, "flow");
            }
            else if (typeof(ITaskActivity).IsAssignableFrom(type))
            {
                AddUnique(activities, NameOf(type), type, "task");
            }
        }

        return new FlowCatalog(orchestrators, activities);
    }

    /// <summary>The catalog of the flows that ship in this repository's Orchestrations/ and Activities/.</summary>
    public static FlowCatalog BuiltIn() => FromAssemblies(
    [
        typeof(Orchestrations.MainFlow).Assembly,
        typeof(Activities.TaskA).Assembly,
    ]);

    /// <summary>Whether a flow of that name is registered.</summary>
    public bool HasFlow(string name) => _orchestrators.ContainsKey(name);

    /// <summary>Adds every flow and task to a worker's registry.</summary>
    public void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var (name, type) in _orchestrators)
        {
            registry.AddOrchestrator(name, type);
        }

        foreach (var (name, type) in _activities)
        {
            registry.AddActivity(name, type);
        }
    }

    /// <summary>The error for a flow name that is not registered, listing those that are.</summary>
    public ArgumentException UnknownFlow(string name) => new(
        $"Unknown flow '{name}'. Registered flows: {string.Join(", ", FlowNames.Select(n => $"'{n}'"))}.", nameof(name));

    private static string NameOf(Type type) =>
        type.GetCustomAttribute<DurableTaskAttribute>()?.Name.Name is { Length: > 0 } name ? name : type.Name;

    private static IEnumerable<Type> ExportedTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>().Where(t => t.IsPublic);
        }
    }

    private static void AddUnique(Dictionary<string, Type> map, string name, Type type, string kind)
    {
        if (map.TryGetValue(name, out var existing) && existing != type)
        {
            throw new InvalidOperationException(
                $"Two {kind}s are named '{name}': {existing.FullName} and {type.FullName}. Give one of them another [DurableTask(\"...\")] name.");
        }

        map[name] = type;
    }
}
