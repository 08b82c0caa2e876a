// Microsoft.Build.Utilities also has a Task; in this project "Task" always means the awaitable one.
global using Task = System.Threading.Tasks.Task;
