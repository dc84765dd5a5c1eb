// The Node-API face of the rtnetlink core (netlink.h): a Handle bound to one network namespace
// with `run(op, spec)` (synchronous) and `runAsync(op, spec)` (a Promise, on libuv's pool), and
// the named-namespace functions. Arguments are parsed on the JavaScript thread; the netlink work
// runs inline or on the pool; results come back as plain objects.
#include <napi.h>
#include <string.h>

#include <functional>

#include "netlink.h"

namespace {

using rtnl::Error;
using rtnl::NsRef;
using rtnl::Request;
using rtnl::Value;

Napi::Value toJs(Napi::Env env, const Value& v) {
  switch (v.type) {
    case Value::Null: return env.Undefined();
    case Value::Number: return Napi::Number::New(env, v.number);
    case Value::String: return Napi::String::New(env, v.string);
    case Value::Bool: return Napi::Boolean::New(env, v.boolean);
    case Value::Array: {
      auto array = Napi::Array::New(env, v.items.size());
      for (size_t i = 0; i < v.items.size(); i++) array.Set(i, toJs(env, v.items[i]));
      return array;
    }
    case Value::Object: {
      auto object = Napi::Object::New(env);
      for (auto& field : v.fields) object.Set(field.first, toJs(env, field.second));
      return object;
    }
  }
  return env.Undefined();
}

Napi::Error toJsError(Napi::Env env, const std::string& operation, const Error& e) {
  std::string code = rtnl::errnoName(e.err);
  std::string message = operation + ": " + e.detail + ": " + strerror(e.err) + " (" + code + ")";
  if (!e.extack.empty()) message += " [kernel: " + e.extack + "]";
  auto error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  error.Set("errno", Napi::Number::New(env, -e.err));
  error.Set("syscall", Napi::String::New(env, e.syscall));
  error.Set("operation", Napi::String::New(env, operation));
  if (!e.extack.empty()) error.Set("extack", Napi::String::New(env, e.extack));
  return error;
}

[[noreturn]] void bad(const std::string& message) { throw Error{EINVAL, "parse", message, ""}; }

NsRef nsFromJs(const Napi::Value& value, const std::string& what) {
  NsRef ref;
  if (value.IsUndefined() || value.IsNull()) return ref;
  if (value.IsString()) {
    std::string name = value.As<Napi::String>();
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
      bad(what + ": invalid namespace name \"" + name + "\"");
    ref.kind = NsRef::Path;
    ref.path = "/run/netns/" + name;
    return ref;
  }
  if (!value.IsObject()) bad(what + ": a namespace is a name, {name}, {path} or {fd}");
  auto object = value.As<Napi::Object>();
  if (object.Has("name")) return nsFromJs(object.Get("name"), what);
  if (object.Has("path") && object.Get("path").IsString()) {
    ref.kind = NsRef::Path;
    ref.path = object.Get("path").As<Napi::String>();
    return ref;
  }
  if (object.Has("fd") && object.Get("fd").IsNumber()) {
    ref.kind = NsRef::Fd;
    ref.fd = object.Get("fd").As<Napi::Number>().Int32Value();
    return ref;
  }
  bad(what + ": a namespace is a name, {name}, {path} or {fd}");
}

std::string str(const Napi::Object& o, const char* key) {
  auto v = o.Get(key);
  if (v.IsUndefined() || v.IsNull()) return "";
  if (!v.IsString()) bad(std::string(key) + " must be a string");
  return v.As<Napi::String>();
}

int num(const Napi::Object& o, const char* key, int fallback) {
  auto v = o.Get(key);
  if (v.IsUndefined() || v.IsNull()) return fallback;
  if (!v.IsNumber()) bad(std::string(key) + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (d < 0 || d > 4294967295.0 || d != static_cast<double>(static_cast<int64_t>(d)))
    bad(std::string(key) + " must be a non-negative integer");
  return static_cast<int>(static_cast<uint32_t>(d));
}

bool flag(const Napi::Object& o, const char* key) {
  auto v = o.Get(key);
  return v.IsBoolean() && v.As<Napi::Boolean>().Value();
}

int scopeFromJs(const std::string& s) {
  if (s.empty()) return -1;
  if (s == "universe" || s == "global") return 0;
  if (s == "site") return 200;
  if (s == "link") return 253;
  if (s == "host") return 254;
  bad("unknown scope " + s);
}

Request requestFromJs(const std::string& op, const Napi::Value& value) {
  Request r;
  r.op = op;
  if (value.IsUndefined()) return r;
  if (!value.IsObject()) bad(op + ": the request must be an object");
  auto o = value.As<Napi::Object>();
  r.dev = str(o, "dev");
  r.index = num(o, "index", 0);
  r.name = str(o, "name");
  r.peerName = str(o, "peerName");
  r.newName = str(o, "newName");
  r.mac = str(o, "mac");
  r.peerMac = str(o, "peerMac");
  r.mtu = num(o, "mtu", -1);
  if (o.Has("up") && o.Get("up").IsBoolean()) r.up = o.Get("up").As<Napi::Boolean>().Value() ? 1 : 0;
  if (o.Has("netns") && !o.Get("netns").IsUndefined()) {
    r.netns = nsFromJs(o.Get("netns"), op + " netns");
    r.hasNetns = true;
  }
  if (o.Has("peerNetns") && !o.Get("peerNetns").IsUndefined()) {
    r.peerNetns = nsFromJs(o.Get("peerNetns"), op + " peerNetns");
    r.hasPeerNetns = true;
  }
  r.address = str(o, "address");
  r.scope = scopeFromJs(str(o, "scope"));
  r.nodad = flag(o, "nodad");
  r.replace = flag(o, "replace");
  r.dst = str(o, "dst");
  r.gateway = str(o, "gateway");
  r.src = str(o, "src");
  r.from = str(o, "from");
  r.to = str(o, "to");
  r.iif = str(o, "iif");
  r.oif = str(o, "oif");
  r.table = num(o, "table", -1);
  r.metric = num(o, "metric", -1);
  r.protocol = num(o, "protocol", -1);
  r.priority = num(o, "priority", -1);
  r.family = num(o, "family", 0);
  r.onlink = flag(o, "onlink");
  return r;
}

// One request run on libuv's pool and settled as a Promise.
class Job : public Napi::AsyncWorker {
 public:
  Job(Napi::Env env, std::string operation, std::function<rtnl::Value()> work)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)),
        operation_(std::move(operation)), work_(std::move(work)) {}
  Napi::Promise promise() { return deferred_.Promise(); }
  void Execute() override {
    try {
      result_ = work_();
    } catch (const Error& e) {
      failed_ = true;
      error_ = e;
    }
  }
  void OnOK() override {
    Napi::HandleScope scope(Env());
    if (failed_) deferred_.Reject(toJsError(Env(), operation_, error_).Value());
    else deferred_.Resolve(toJs(Env(), result_));
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::string operation_;
  std::function<rtnl::Value()> work_;
  Value result_;
  Error error_{};
  bool failed_ = false;
};

Napi::Value settle(const Napi::CallbackInfo& info, const std::string& operation, bool async,
                   const std::function<std::function<rtnl::Value()>()>& prepare) {
  Napi::Env env = info.Env();
  std::function<rtnl::Value()> work;
  try {
    work = prepare();
    if (!async) return toJs(env, work());
  } catch (const Error& e) {
    if (!async) throw toJsError(env, operation, e);
    auto deferred = Napi::Promise::Deferred::New(env);
    deferred.Reject(toJsError(env, operation, e).Value());
    return deferred.Promise();
  }
  auto* job = new Job(env, operation, std::move(work));
  auto promise = job->promise();
  job->Queue();
  return promise;
}

class Handle : public Napi::ObjectWrap<Handle> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Handle",
                       {InstanceMethod<&Handle::Run>("run"), InstanceMethod<&Handle::RunAsync>("runAsync"),
                        InstanceMethod<&Handle::Close>("close"), InstanceMethod<&Handle::NsId>("nsId")});
  }

  explicit Handle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Handle>(info) {
    try {
      socket_ = rtnl::Socket::open(nsFromJs(info[0], "open"));
    } catch (const Error& e) {
      throw toJsError(info.Env(), "open", e);
    }
  }

 private:
  Napi::Value Call(const Napi::CallbackInfo& info, bool async) {
    std::string op = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
    auto socket = socket_;
    return settle(info, op, async, [&]() -> std::function<rtnl::Value()> {
      Request request = requestFromJs(op, info[1]);
      if (socket->closed()) throw Error{EBADF, "netlink", "the handle is closed", ""};
      return [socket, request]() { return socket->run(request); };
    });
  }
  Napi::Value Run(const Napi::CallbackInfo& info) { return Call(info, false); }
  Napi::Value RunAsync(const Napi::CallbackInfo& info) { return Call(info, true); }
  Napi::Value Close(const Napi::CallbackInfo& info) {
    socket_->close();
    return info.Env().Undefined();
  }
  Napi::Value NsId(const Napi::CallbackInfo& info) {
    auto object = Napi::Object::New(info.Env());
    object.Set("dev", Napi::Number::New(info.Env(), static_cast<double>(socket_->nsDev())));
    object.Set("ino", Napi::Number::New(info.Env(), static_cast<double>(socket_->nsIno())));
    return object;
  }

  std::shared_ptr<rtnl::Socket> socket_;
};

Napi::Value NetnsCall(const Napi::CallbackInfo& info, bool add, bool async) {
  std::string operation = add ? "netnsAdd" : "netnsDelete";
  return settle(info, operation, async, [&]() -> std::function<rtnl::Value()> {
    if (!info[0].IsString()) bad(operation + ": the namespace name must be a string");
    std::string name = info[0].As<Napi::String>();
    return [name, add]() {
      if (add) rtnl::netnsAdd(name);
      else rtnl::netnsDelete(name);
      return Value();
    };
  });
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Handle", Handle::Define(env));
  exports.Set("netnsAdd", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return NetnsCall(i, true, false); }));
  exports.Set("netnsAddAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return NetnsCall(i, true, true); }));
  exports.Set("netnsDelete", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return NetnsCall(i, false, false); }));
  exports.Set("netnsDeleteAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return NetnsCall(i, false, true); }));
  return exports;
}

}  // namespace

NODE_API_MODULE(enisim_rtnl, Init)
