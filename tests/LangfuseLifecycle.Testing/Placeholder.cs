namespace LangfuseLifecycle.Testing;
