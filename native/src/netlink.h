// The rtnetlink core of the binding: a socket bound to one network namespace, request/ACK and
// dump loops, and the request builders for links, addresses, routes, rules and neighbours. Pure
// C++ (no Node-API): binding.cc turns requests and results into JavaScript.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace rtnl {

// A failed request: the errno (positive), where it failed, and the kernel's extended ACK text.
struct Error {
  int err;
  std::string syscall;  // "netlink", "setns", "open", "socket", "recvmsg", "parse", "mount", ...
  std::string detail;   // the request, e.g. "RTM_NEWADDR 10.0.0.5/32 dev eth0"
  std::string extack;
};

// A neutral value tree, built off the JavaScript thread and converted to JS on it.
struct Value {
  enum Type { Null, Number, String, Bool, Array, Object } type = Null;
  double number = 0;
  std::string string;
  bool boolean = false;
  std::vector<Value> items;
  std::vector<std::pair<std::string, Value>> fields;

  static Value num(double n) { Value v; v.type = Number; v.number = n; return v; }
  static Value str(std::string s) { Value v; v.type = String; v.string = std::move(s); return v; }
  static Value flag(bool b) { Value v; v.type = Bool; v.boolean = b; return v; }
  static Value array() { Value v; v.type = Array; return v; }
  static Value object() { Value v; v.type = Object; return v; }
  void set(const std::string& key, Value value) { fields.emplace_back(key, std::move(value)); }
};

// A namespace reference: none (the process's own), a path (/run/netns/NAME, /proc/PID/ns/net),
// or an fd the caller owns.
struct NsRef {
  enum Kind { Current, Path, Fd } kind = Current;
  std::string path;
  int fd = -1;
  std::string describe() const;
};

// Opens the namespace as an fd the caller closes (dup of a given fd; -1 for Current).
int openNs(const NsRef& ref);

// Everything a request may carry; each operation reads the fields it needs.
struct Request {
  std::string op;
  std::string dev;        // link name
  int index = 0;          // link index (instead of dev)
  std::string name, peerName, newName, mac, peerMac;
  int mtu = -1;
  int up = -1;            // -1 leave, 0 down, 1 up
  NsRef netns, peerNetns; // move target / veth peer namespace
  bool hasNetns = false, hasPeerNetns = false;
  std::string address;    // ADDRESS/LEN, or a plain address for neighbours
  int scope = -1;
  bool nodad = false;
  bool replace = false;
  std::string dst, gateway, src, from, to, iif, oif;
  int table = -1, metric = -1, protocol = -1, priority = -1, family = 0;
  bool onlink = false;
  std::string netnsName;  // for named namespace add/delete
};

class Socket {
 public:
  // Creates the socket inside `ref` on a short-lived thread of its own (setns there, never on the
  // caller's thread), so the calling thread's namespace never changes.
  static std::shared_ptr<Socket> open(const NsRef& ref);
  ~Socket();
  void close();
  bool closed() const { return fd_ < 0; }
  // Runs one operation under the socket's lock.
  Value run(const Request& req);
  uint64_t nsDev() const { return nsDev_; }
  uint64_t nsIno() const { return nsIno_; }

 private:
  explicit Socket(int fd);
  void talk(std::vector<uint8_t>& msg, const std::string& detail);
  template <typename F>
  void dump(std::vector<uint8_t>& msg, const std::string& detail, F&& onMessage);
  int resolve(const Request& req);
  int resolveName(const std::string& name);

  Value listLinks();
  Value listAddresses();
  Value listRoutes();
  Value listRules();
  Value listNeighbours();
  Value getLink(const Request& req);
  Value addVeth(const Request& req);
  Value setLink(const Request& req);
  Value deleteLink(const Request& req);
  Value address(const Request& req, bool add);
  Value route(const Request& req, int type);
  Value rule(const Request& req, bool add);
  Value neighbour(const Request& req, bool add);
  Value netnsId(const Request& req);

  std::mutex mutex_;
  int fd_;
  uint32_t seq_ = 0;
  uint32_t portid_ = 0;
  uint64_t nsDev_ = 0, nsIno_ = 0;
};

// `ip netns add NAME` / `ip netns del NAME`, compatible with iproute2 in both directions.
void netnsAdd(const std::string& name);
void netnsDelete(const std::string& name);

const char* errnoName(int err);

}  // namespace rtnl
