using System.Reflection;
using Microsoft.DurableTask;

namespace DurableFlows.Bundles;

/// <summary>
/// Loads the flows of an extracted bundle in their own collectible <see cref="System.Runtime.Loader.AssemblyLoadContext"/>
/// and finds the classes implementing <see cref="ITaskOrchestrator"/> and <see cref="ITaskActivity"/>, so a
/// runner can register them with its worker.
/// </summary>
public static class FlowAssemblyLoader
{
    private static readonly string[] SharedPrefixes =
    [
        "Microsoft.DurableTask.", "Microsoft.Azure.DurableTask.", "DurableTask.", "Microsoft.Extensions.",
        "Grpc.", "Google.Protobuf", "System.", "Microsoft.Bcl.",
    ];

    /// <summary>Loads the flows in <paramref name="directory"/>.</summary>
    /// <param name="directory">A folder holding the published flow assemblies, such as <see cref="FetchedBundle.Directory"/>.</param>
    /// <exception cref="BundleBuildException">No orchestrator or activity was found, or two share a name.</exception>
    public static LoadedFlows Load(string directory)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The flow folder '{root}' does not exist; expected an extracted bundle.");
        }

        var context = new FlowLoadContext(root, HostAssemblies());
        try
        {
            var tasks = new List<FlowTaskType>();
            foreach (var file in Directory.EnumerateFiles(root, "*.dll").Order(StringComparer.Ordinal))
            {
                var name = AssemblyNameOrNull(file);
                if (name?.Name is null || context.IsHostAssembly(name.Name))
                {
                    continue;
                }

                var assembly = context.LoadFromAssemblyName(name);
                tasks.AddRange(FindTasks(assembly));
            }

            var duplicate = tasks.GroupBy(t => (t.Kind, t.Name)).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new BundleBuildException($"The bundle in '{root}' has two {duplicate.Key.Kind.ToString().ToLowerInvariant()}s named '{duplicate.Key.Name}': {string.Join(", ", duplicate.Select(t => t.Type.FullName))}; expected unique [DurableTask] names.");
            }

            if (tasks.Count == 0)
            {
                throw new BundleBuildException($"The bundle in '{root}' has no class implementing ITaskOrchestrator or ITaskActivity; expected the published Orchestrations/ and Activities/ projects.");
            }

            var ordered = tasks.OrderBy(t => t.Kind).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
            return new LoadedFlows(context, root, ordered);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    private static IEnumerable<FlowTaskType> FindTasks(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            throw new BundleBuildException($"Types of '{assembly.GetName().Name}' could not be loaded: {string.Join("; ", exception.LoaderExceptions.Select(e => e?.Message).Distinct())}. The bundle may have been built against other versions of Microsoft.DurableTask than the runner's.");
        }

        foreach (var type in types)
        {
            if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters)
            {
                continue;
            }

            FlowTaskKind? kind = typeof(ITaskOrchestrator).IsAssignableFrom(type) ? FlowTaskKind.Orchestrator
                : typeof(ITaskActivity).IsAssignableFrom(type) ? FlowTaskKind.Activity
                : null;
            if (kind is { } found)
            {
                var name = type.GetCustomAttribute<DurableTaskAttribute>()?.Name.Name;
                yield return new FlowTaskType(string.IsNullOrEmpty(name) ? type.Name : name, found, type);
            }
        }
    }

    private static AssemblyName? AssemblyNameOrNull(string file)
    {
        try
        {
            return AssemblyName.GetAssemblyName(file);
        }
        catch (BadImageFormatException)
        {
            // A native library published next to the managed ones.
            return null;
        }
    }

    private static HashSet<string> HostAssemblies()
    {
        // Shared with the host: the framework, and the libraries whose types cross between the worker
        // and the flows (Microsoft.DurableTask.*, Microsoft.Extensions.*, gRPC and protobuf). Everything
        // else comes from the bundle, even when the host happens to reference the same flow projects,
        // so a run always executes the code it was deployed with.
        var frameworkRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)))
            ?? string.Empty;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                if ((frameworkRoot.Length > 0 && path.StartsWith(frameworkRoot, StringComparison.Ordinal)) || SharedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }
}
