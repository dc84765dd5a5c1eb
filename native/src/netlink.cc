#include "netlink.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fib_rules.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdio>
#include <thread>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

namespace rtnl {

namespace {

constexpr size_t kRecvBuffer = 64 * 1024;

[[noreturn]] void fail(int err, const std::string& syscall, const std::string& detail,
                       const std::string& extack = "") {
  throw Error{err, syscall, detail, extack};
}

// ---- message building -------------------------------------------------------------------------

struct Builder {
  std::vector<uint8_t> buf;
  Builder(uint16_t type, uint16_t flags, const void* header, size_t headerLen) {
    buf.resize(NLMSG_SPACE(headerLen), 0);
    auto* nlh = reinterpret_cast<nlmsghdr*>(buf.data());
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | flags;
    memcpy(NLMSG_DATA(nlh), header, headerLen);
    finish();
  }
  void finish() { reinterpret_cast<nlmsghdr*>(buf.data())->nlmsg_len = buf.size(); }
  size_t put(uint16_t type, const void* data, size_t len) {
    size_t at = buf.size();
    buf.resize(at + RTA_SPACE(len), 0);
    auto* rta = reinterpret_cast<rtattr*>(buf.data() + at);
    rta->rta_type = type;
    rta->rta_len = RTA_LENGTH(len);
    if (len > 0) memcpy(RTA_DATA(rta), data, len);
    finish();
    return at;
  }
  void putU32(uint16_t type, uint32_t v) { put(type, &v, sizeof v); }
  void putStr(uint16_t type, const std::string& s) { put(type, s.c_str(), s.size() + 1); }
  size_t begin(uint16_t type) { return put(type, nullptr, 0); }
  void end(size_t at) {
    reinterpret_cast<rtattr*>(buf.data() + at)->rta_len = buf.size() - at;
    finish();
  }
  // Appends raw bytes (a nested ifinfomsg) padded to alignment.
  void raw(const void* data, size_t len) {
    size_t at = buf.size();
    buf.resize(at + NLMSG_ALIGN(len), 0);
    memcpy(buf.data() + at, data, len);
    finish();
  }
};

// ---- parsing helpers ---------------------------------------------------------------------------

struct Prefix {
  int family = 0;
  unsigned char bytes[16] = {};
  int length = -1;
  size_t size() const { return family == AF_INET ? 4 : 16; }
};

Prefix parseAddress(const std::string& text, bool allowLength, const std::string& what) {
  Prefix p;
  std::string addr = text;
  auto slash = text.find('/');
  if (slash != std::string::npos) {
    if (!allowLength) fail(EINVAL, "parse", what + ": " + text + " must not carry a prefix length");
    addr = text.substr(0, slash);
    std::string len = text.substr(slash + 1);
    if (len.empty() || len.size() > 3 || len.find_first_not_of("0123456789") != std::string::npos)
      fail(EINVAL, "parse", what + ": bad prefix length in " + text);
    p.length = std::stoi(len);
  }
  if (inet_pton(AF_INET, addr.c_str(), p.bytes) == 1) p.family = AF_INET;
  else if (inet_pton(AF_INET6, addr.c_str(), p.bytes) == 1) p.family = AF_INET6;
  else fail(EINVAL, "parse", what + ": " + text + " is not an IPv4 or IPv6 address");
  int max = p.family == AF_INET ? 32 : 128;
  if (p.length < 0) p.length = max;
  if (p.length > max) fail(EINVAL, "parse", what + ": prefix length of " + text + " exceeds " + std::to_string(max));
  return p;
}

std::string formatAddress(int family, const void* data) {
  char out[INET6_ADDRSTRLEN] = {};
  inet_ntop(family, data, out, sizeof out);
  return out;
}

std::vector<uint8_t> parseMac(const std::string& text) {
  std::vector<uint8_t> mac;
  unsigned int b[6];
  char tail;
  if (sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &tail) != 6)
    fail(EINVAL, "parse", "bad MAC address " + text);
  for (unsigned int x : b) mac.push_back(static_cast<uint8_t>(x));
  return mac;
}

std::string formatMac(const uint8_t* data, size_t len) {
  std::string out;
  char part[4];
  for (size_t i = 0; i < len; i++) {
    snprintf(part, sizeof part, i == 0 ? "%02x" : ":%02x", data[i]);
    out += part;
  }
  return out;
}

void checkIfName(const std::string& name, const std::string& what) {
  if (name.empty() || name.size() >= IFNAMSIZ || name == "." || name == ".." ||
      name.find_first_of("/: \t\n") != std::string::npos)
    fail(EINVAL, "parse", what + ": invalid interface name \"" + name + "\"");
}

void checkNetnsName(const std::string& name) {
  if (name.empty() || name.size() > 255 || name == "." || name == ".." ||
      name.find('/') != std::string::npos)
    fail(EINVAL, "parse", "invalid namespace name \"" + name + "\"");
}

std::string prefixText(const Prefix& p) {
  return formatAddress(p.family, p.bytes) + "/" + std::to_string(p.length);
}

const char* scopeOr(int scope, const char* fallback) {
  switch (scope) {
    case RT_SCOPE_UNIVERSE: return "universe";
    case RT_SCOPE_SITE: return "site";
    case RT_SCOPE_LINK: return "link";
    case RT_SCOPE_HOST: return "host";
    default: return fallback;
  }
}

// Runs `fn` on a new thread of the addon's own and rethrows its error: namespace switches happen
// there, so neither Node's main thread nor libuv's pool ever changes namespace.
template <typename F>
void onOwnThread(F&& fn) {
  bool failed = false;
  Error error{};
  std::thread worker([&] {
    try {
      fn();
    } catch (const Error& e) {
      failed = true;
      error = e;
    }
  });
  worker.join();
  if (failed) throw error;
}

}  // namespace

// ---- namespaces --------------------------------------------------------------------------------

std::string NsRef::describe() const {
  switch (kind) {
    case Current: return "the current namespace";
    case Path: return path;
    case Fd: return "fd " + std::to_string(fd);
  }
  return "?";
}

int openNs(const NsRef& ref) {
  if (ref.kind == NsRef::Current) return -1;
  int fd = ref.kind == NsRef::Path ? ::open(ref.path.c_str(), O_RDONLY | O_CLOEXEC)
                                   : fcntl(ref.fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) fail(errno, ref.kind == NsRef::Path ? "open" : "dup", "namespace " + ref.describe());
  return fd;
}

namespace {
const char* kNetnsRun = "/run/netns";

// As iproute2's netns_add prepares /run/netns: a shared mount, so bind mounts made inside it
// propagate to every mount namespace that has it (making it a mount of itself first if needed).
void prepareNetnsDir() {
  if (mkdir(kNetnsRun, 0755) != 0 && errno != EEXIST) fail(errno, "mkdir", kNetnsRun);
  for (int attempt = 0; attempt < 2; attempt++) {
    if (mount("", kNetnsRun, "none", MS_SHARED | MS_REC, nullptr) == 0) return;
    if (errno != EINVAL || attempt == 1) fail(errno, "mount", std::string("--make-shared ") + kNetnsRun);
    if (mount(kNetnsRun, kNetnsRun, "none", MS_BIND | MS_REC, nullptr) != 0)
      fail(errno, "mount", std::string("--bind ") + kNetnsRun);
  }
}
}  // namespace

void netnsAdd(const std::string& name) {
  checkNetnsName(name);
  prepareNetnsDir();
  std::string path = std::string(kNetnsRun) + "/" + name;
  int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (fd < 0) fail(errno, "open", "netns add " + name);
  ::close(fd);
  try {
    onOwnThread([&] {
      if (unshare(CLONE_NEWNET) != 0) fail(errno, "unshare", "netns add " + name);
      std::string self = "/proc/self/task/" + std::to_string(syscall(SYS_gettid)) + "/ns/net";
      if (mount(self.c_str(), path.c_str(), "none", MS_BIND, nullptr) != 0)
        fail(errno, "mount", "netns add " + name);
    });
  } catch (const Error&) {
    unlink(path.c_str());
    throw;
  }
}

void netnsDelete(const std::string& name) {
  checkNetnsName(name);
  std::string path = std::string(kNetnsRun) + "/" + name;
  struct stat st;
  if (stat(path.c_str(), &st) != 0) fail(errno, "stat", "netns delete " + name);
  if (umount2(path.c_str(), MNT_DETACH) != 0 && errno != EINVAL) fail(errno, "umount2", "netns delete " + name);
  if (unlink(path.c_str()) != 0) fail(errno, "unlink", "netns delete " + name);
}

// ---- the socket --------------------------------------------------------------------------------

Socket::Socket(int fd) : fd_(fd) {}
Socket::~Socket() { close(); }

void Socket::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::shared_ptr<Socket> Socket::open(const NsRef& ref) {
  int nsFd = openNs(ref);
  int fd = -1;
  struct stat st = {};
  try {
    onOwnThread([&] {
      if (nsFd >= 0 && setns(nsFd, CLONE_NEWNET) != 0) fail(errno, "setns", ref.describe());
      fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
      if (fd < 0) fail(errno, "socket", "NETLINK_ROUTE in " + ref.describe());
      if (stat("/proc/thread-self/ns/net", &st) != 0) st = {};
    });
  } catch (const Error&) {
    if (nsFd >= 0) ::close(nsFd);
    throw;
  }
  if (nsFd >= 0) ::close(nsFd);
  int one = 1;
  int rcvbuf = 1 << 20;
  setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
  setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  struct timeval timeout = {5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_nl local = {};
  local.nl_family = AF_NETLINK;
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    int err = errno;
    ::close(fd);
    fail(err, "bind", "NETLINK_ROUTE");
  }
  socklen_t len = sizeof local;
  getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
  auto socket = std::shared_ptr<Socket>(new Socket(fd));
  socket->portid_ = local.nl_pid;
  socket->nsDev_ = st.st_dev;
  socket->nsIno_ = st.st_ino;
  return socket;
}

namespace {
std::string extackOf(const nlmsghdr* nlh) {
  if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS)) return "";
  auto* err = reinterpret_cast<const nlmsgerr*>(NLMSG_DATA(nlh));
  size_t offset = sizeof(nlmsgerr);
  if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) offset += err->msg.nlmsg_len - sizeof(nlmsghdr);
  size_t total = nlh->nlmsg_len - NLMSG_HDRLEN;
  if (offset >= total) return "";
  auto* attr = reinterpret_cast<const nlattr*>(reinterpret_cast<const uint8_t*>(err) + offset);
  int remaining = static_cast<int>(total - offset);
  while (remaining >= static_cast<int>(sizeof(nlattr)) && attr->nla_len >= sizeof(nlattr) &&
         attr->nla_len <= remaining) {
    if ((attr->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
      return std::string(reinterpret_cast<const char*>(attr) + NLA_HDRLEN);
    int step = NLA_ALIGN(attr->nla_len);
    remaining -= step;
    attr = reinterpret_cast<const nlattr*>(reinterpret_cast<const uint8_t*>(attr) + step);
  }
  return "";
}
}  // namespace

template <typename F>
void Socket::dump(std::vector<uint8_t>& msg, const std::string& detail, F&& onMessage) {
  if (fd_ < 0) fail(EBADF, "netlink", detail + ": handle is closed");
  auto* req = reinterpret_cast<nlmsghdr*>(msg.data());
  req->nlmsg_seq = ++seq_;
  req->nlmsg_pid = portid_;
  sockaddr_nl kernel = {};
  kernel.nl_family = AF_NETLINK;
  if (sendto(fd_, msg.data(), msg.size(), 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0)
    fail(errno, "sendto", detail);
  std::vector<uint8_t> buf(kRecvBuffer);
  for (;;) {
    sockaddr_nl from = {};
    iovec iov = {buf.data(), buf.size()};
    msghdr mh = {};
    mh.msg_name = &from;
    mh.msg_namelen = sizeof from;
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    ssize_t n = recvmsg(fd_, &mh, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(errno == EAGAIN ? ETIMEDOUT : errno, "recvmsg", detail);
    }
    if (mh.msg_flags & MSG_TRUNC) fail(EMSGSIZE, "recvmsg", detail);
    if (from.nl_pid != 0) continue;  // only the kernel answers
    int len = static_cast<int>(n);
    for (auto* nlh = reinterpret_cast<nlmsghdr*>(buf.data()); NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
      if (nlh->nlmsg_seq != req->nlmsg_seq || nlh->nlmsg_pid != portid_) continue;
      if (nlh->nlmsg_type == NLMSG_DONE) {
        if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) fail(EINTR, "netlink", detail + ": dump interrupted");
        return;
      }
      if (nlh->nlmsg_type == NLMSG_ERROR) {
        auto* err = reinterpret_cast<nlmsgerr*>(NLMSG_DATA(nlh));
        if (err->error == 0) return;  // the ACK of a request
        fail(-err->error, "netlink", detail, extackOf(nlh));
      }
      onMessage(nlh);
      if (!(nlh->nlmsg_flags & NLM_F_MULTI)) return;
    }
  }
}

void Socket::talk(std::vector<uint8_t>& msg, const std::string& detail) {
  reinterpret_cast<nlmsghdr*>(msg.data())->nlmsg_flags |= NLM_F_ACK;
  dump(msg, detail, [](nlmsghdr*) {});
}

int Socket::resolveName(const std::string& name) {
  checkIfName(name, "link");
  ifinfomsg ifi = {};
  ifi.ifi_family = AF_UNSPEC;
  Builder b(RTM_GETLINK, 0, &ifi, sizeof ifi);
  b.putStr(IFLA_IFNAME, name);
  int index = 0;
  try {
    dump(b.buf, "RTM_GETLINK " + name, [&](nlmsghdr* nlh) {
      index = reinterpret_cast<ifinfomsg*>(NLMSG_DATA(nlh))->ifi_index;
    });
  } catch (Error& e) {
    if (e.err == ENODEV || e.err == ENOENT) fail(ENODEV, "netlink", "no link named \"" + name + "\"", e.extack);
    throw;
  }
  return index;
}

int Socket::resolve(const Request& req) {
  if (req.index > 0) return req.index;
  return resolveName(req.dev);
}

Value Socket::run(const Request& req) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string& op = req.op;
  if (op == "listLinks") return listLinks();
  if (op == "listAddresses") return listAddresses();
  if (op == "listRoutes") return listRoutes();
  if (op == "listRules") return listRules();
  if (op == "listNeighbours") return listNeighbours();
  if (op == "getLink") return getLink(req);
  if (op == "addVeth") return addVeth(req);
  if (op == "setLink") return setLink(req);
  if (op == "deleteLink") return deleteLink(req);
  if (op == "addAddress") return address(req, true);
  if (op == "deleteAddress") return address(req, false);
  if (op == "addRoute") return route(req, RTM_NEWROUTE);
  if (op == "deleteRoute") return route(req, RTM_DELROUTE);
  if (op == "addRule") return rule(req, true);
  if (op == "deleteRule") return rule(req, false);
  if (op == "setNeighbour") return neighbour(req, true);
  if (op == "deleteNeighbour") return neighbour(req, false);
  if (op == "netnsId") return netnsId(req);
  fail(EINVAL, "parse", "unknown operation " + op);
}

// ---- links -------------------------------------------------------------------------------------

namespace {
Value linkValue(nlmsghdr* nlh) {
  auto* ifi = reinterpret_cast<ifinfomsg*>(NLMSG_DATA(nlh));
  Value v = Value::object();
  v.set("index", Value::num(ifi->ifi_index));
  v.set("up", Value::flag(ifi->ifi_flags & IFF_UP));
  v.set("flags", Value::num(ifi->ifi_flags));
  v.set("loopback", Value::flag(ifi->ifi_type == ARPHRD_LOOPBACK));
  std::string kind;
  int len = IFLA_PAYLOAD(nlh);
  for (auto* rta = IFLA_RTA(ifi); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
    switch (rta->rta_type) {
      case IFLA_IFNAME: v.set("name", Value::str(static_cast<const char*>(RTA_DATA(rta)))); break;
      case IFLA_MTU: v.set("mtu", Value::num(*static_cast<uint32_t*>(RTA_DATA(rta)))); break;
      case IFLA_ADDRESS:
        v.set("mac", Value::str(formatMac(static_cast<uint8_t*>(RTA_DATA(rta)), RTA_PAYLOAD(rta))));
        break;
      case IFLA_LINK: v.set("link", Value::num(*static_cast<int32_t*>(RTA_DATA(rta)))); break;
      case IFLA_LINK_NETNSID: v.set("linkNetnsId", Value::num(*static_cast<int32_t*>(RTA_DATA(rta)))); break;
      case IFLA_LINKINFO: {
        int inner = RTA_PAYLOAD(rta);
        for (auto* info = static_cast<rtattr*>(RTA_DATA(rta)); RTA_OK(info, inner); info = RTA_NEXT(info, inner))
          if (info->rta_type == IFLA_INFO_KIND) kind = static_cast<const char*>(RTA_DATA(info));
        break;
      }
      default: break;
    }
  }
  v.set("kind", Value::str(kind));
  return v;
}
}  // namespace

Value Socket::listLinks() {
  ifinfomsg ifi = {};
  ifi.ifi_family = AF_UNSPEC;
  Builder b(RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof ifi);
  Value out = Value::array();
  dump(b.buf, "RTM_GETLINK dump", [&](nlmsghdr* nlh) {
    if (nlh->nlmsg_type == RTM_NEWLINK) out.items.push_back(linkValue(nlh));
  });
  return out;
}

Value Socket::getLink(const Request& req) {
  int index = resolve(req);
  ifinfomsg ifi = {};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = index;
  Builder b(RTM_GETLINK, 0, &ifi, sizeof ifi);
  Value out;
  try {
    dump(b.buf, "RTM_GETLINK index " + std::to_string(index), [&](nlmsghdr* nlh) { out = linkValue(nlh); });
  } catch (Error& e) {
    if (e.err == ENODEV) e.detail = "no link with index " + std::to_string(index);
    throw;
  }
  return out;
}

Value Socket::addVeth(const Request& req) {
  checkIfName(req.name, "veth");
  checkIfName(req.peerName, "veth peer");
  std::string detail = "RTM_NEWLINK veth " + req.name + " peer " + req.peerName;
  int peerFd = req.hasPeerNetns ? openNs(req.peerNetns) : -1;
  ifinfomsg ifi = {};
  ifi.ifi_family = AF_UNSPEC;
  Builder b(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof ifi);
  try {
    b.putStr(IFLA_IFNAME, req.name);
    if (req.mtu > 0) b.putU32(IFLA_MTU, req.mtu);
    if (!req.mac.empty()) {
      auto mac = parseMac(req.mac);
      b.put(IFLA_ADDRESS, mac.data(), mac.size());
    }
    size_t info = b.begin(IFLA_LINKINFO);
    b.putStr(IFLA_INFO_KIND, "veth");
    size_t data = b.begin(IFLA_INFO_DATA);
    size_t peer = b.begin(VETH_INFO_PEER);
    ifinfomsg peerIfi = {};
    peerIfi.ifi_family = AF_UNSPEC;
    b.raw(&peerIfi, sizeof peerIfi);
    b.putStr(IFLA_IFNAME, req.peerName);
    if (req.mtu > 0) b.putU32(IFLA_MTU, req.mtu);
    if (!req.peerMac.empty()) {
      auto mac = parseMac(req.peerMac);
      b.put(IFLA_ADDRESS, mac.data(), mac.size());
    }
    if (peerFd >= 0) b.putU32(IFLA_NET_NS_FD, peerFd);
    b.end(peer);
    b.end(data);
    b.end(info);
    talk(b.buf, detail);
  } catch (...) {
    if (peerFd >= 0) ::close(peerFd);
    throw;
  }
  if (peerFd >= 0) ::close(peerFd);
  Request get;
  get.dev = req.name;
  return getLink(get);
}

Value Socket::setLink(const Request& req) {
  int index = resolve(req);
  std::string detail = "RTM_NEWLINK " + (req.dev.empty() ? "index " + std::to_string(index) : req.dev);
  ifinfomsg ifi = {};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = index;
  if (req.up >= 0) {
    ifi.ifi_change = IFF_UP;
    ifi.ifi_flags = req.up ? IFF_UP : 0;
    detail += req.up ? " up" : " down";
  }
  int nsFd = -1;
  Builder b(RTM_NEWLINK, 0, &ifi, sizeof ifi);
  if (!req.newName.empty()) {
    checkIfName(req.newName, "new name");
    b.putStr(IFLA_IFNAME, req.newName);
    detail += " name " + req.newName;
  }
  if (req.mtu >= 0) {
    b.putU32(IFLA_MTU, req.mtu);
    detail += " mtu " + std::to_string(req.mtu);
  }
  if (!req.mac.empty()) {
    auto mac = parseMac(req.mac);
    b.put(IFLA_ADDRESS, mac.data(), mac.size());
    detail += " address " + req.mac;
  }
  if (req.hasNetns) {
    nsFd = openNs(req.netns);
    b.putU32(IFLA_NET_NS_FD, nsFd);
    detail += " netns " + req.netns.describe();
  }
  try {
    talk(b.buf, detail);
  } catch (...) {
    if (nsFd >= 0) ::close(nsFd);
    throw;
  }
  if (nsFd >= 0) {
    ::close(nsFd);
    return Value();  // the link now lives in another namespace
  }
  Request get;
  get.index = index;
  return getLink(get);
}

Value Socket::deleteLink(const Request& req) {
  int index = resolve(req);
  ifinfomsg ifi = {};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = index;
  Builder b(RTM_DELLINK, 0, &ifi, sizeof ifi);
  talk(b.buf, "RTM_DELLINK " + (req.dev.empty() ? "index " + std::to_string(index) : req.dev));
  return Value();
}

// ---- addresses ---------------------------------------------------------------------------------

Value Socket::listAddresses() {
  ifaddrmsg ifa = {};
  ifa.ifa_family = AF_UNSPEC;
  Builder b(RTM_GETADDR, NLM_F_DUMP, &ifa, sizeof ifa);
  Value out = Value::array();
  dump(b.buf, "RTM_GETADDR dump", [&](nlmsghdr* nlh) {
    if (nlh->nlmsg_type != RTM_NEWADDR) return;
    auto* m = reinterpret_cast<ifaddrmsg*>(NLMSG_DATA(nlh));
    Value v = Value::object();
    v.set("index", Value::num(m->ifa_index));
    v.set("family", Value::num(m->ifa_family == AF_INET ? 4 : 6));
    v.set("prefixLength", Value::num(m->ifa_prefixlen));
    v.set("scope", Value::str(scopeOr(m->ifa_scope, "nowhere")));
    uint32_t flags = m->ifa_flags;
    std::string local, address;
    int len = IFA_PAYLOAD(nlh);
    for (auto* rta = IFA_RTA(m); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
      if (rta->rta_type == IFA_LOCAL) local = formatAddress(m->ifa_family, RTA_DATA(rta));
      else if (rta->rta_type == IFA_ADDRESS) address = formatAddress(m->ifa_family, RTA_DATA(rta));
      else if (rta->rta_type == IFA_FLAGS) flags = *static_cast<uint32_t*>(RTA_DATA(rta));
    }
    v.set("address", Value::str(local.empty() ? address : local));
    v.set("flags", Value::num(flags));
    v.set("tentative", Value::flag(flags & IFA_F_TENTATIVE));
    out.items.push_back(std::move(v));
  });
  return out;
}

Value Socket::address(const Request& req, bool add) {
  Prefix p = parseAddress(req.address, true, "address");
  int index = resolve(req);
  ifaddrmsg ifa = {};
  ifa.ifa_family = p.family;
  ifa.ifa_prefixlen = p.length;
  ifa.ifa_index = index;
  ifa.ifa_scope = req.scope >= 0 ? req.scope : RT_SCOPE_UNIVERSE;
  uint16_t flags = add ? static_cast<uint16_t>(NLM_F_CREATE | (req.replace ? NLM_F_REPLACE : NLM_F_EXCL)) : 0;
  Builder b(static_cast<uint16_t>(add ? RTM_NEWADDR : RTM_DELADDR), flags, &ifa, sizeof ifa);
  b.put(IFA_LOCAL, p.bytes, p.size());
  b.put(IFA_ADDRESS, p.bytes, p.size());
  if (add && req.nodad) b.putU32(IFA_FLAGS, IFA_F_NODAD);
  std::string verb = add ? (req.replace ? "RTM_NEWADDR replace " : "RTM_NEWADDR ") : "RTM_DELADDR ";
  talk(b.buf, verb + prefixText(p) + " dev " + (req.dev.empty() ? std::to_string(index) : req.dev));
  return Value();
}

// ---- routes ------------------------------------------------------------------------------------

Value Socket::listRoutes() {
  rtmsg rtm = {};
  rtm.rtm_family = AF_UNSPEC;
  Builder b(RTM_GETROUTE, NLM_F_DUMP, &rtm, sizeof rtm);
  Value out = Value::array();
  dump(b.buf, "RTM_GETROUTE dump", [&](nlmsghdr* nlh) {
    if (nlh->nlmsg_type != RTM_NEWROUTE) return;
    auto* r = reinterpret_cast<rtmsg*>(NLMSG_DATA(nlh));
    if (r->rtm_family != AF_INET && r->rtm_family != AF_INET6) return;
    Value v = Value::object();
    uint32_t table = r->rtm_table;
    std::string dst = r->rtm_family == AF_INET ? "0.0.0.0" : "::";
    int len = RTM_PAYLOAD(nlh);
    for (auto* rta = RTM_RTA(r); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
      switch (rta->rta_type) {
        case RTA_TABLE: table = *static_cast<uint32_t*>(RTA_DATA(rta)); break;
        case RTA_DST: dst = formatAddress(r->rtm_family, RTA_DATA(rta)); break;
        case RTA_GATEWAY: v.set("gateway", Value::str(formatAddress(r->rtm_family, RTA_DATA(rta)))); break;
        case RTA_PREFSRC: v.set("src", Value::str(formatAddress(r->rtm_family, RTA_DATA(rta)))); break;
        case RTA_OIF: v.set("oif", Value::num(*static_cast<uint32_t*>(RTA_DATA(rta)))); break;
        case RTA_PRIORITY: v.set("metric", Value::num(*static_cast<uint32_t*>(RTA_DATA(rta)))); break;
        default: break;
      }
    }
    v.set("family", Value::num(r->rtm_family == AF_INET ? 4 : 6));
    v.set("table", Value::num(table));
    v.set("dst", Value::str(dst + "/" + std::to_string(r->rtm_dst_len)));
    v.set("scope", Value::str(scopeOr(r->rtm_scope, "nowhere")));
    v.set("protocol", Value::num(r->rtm_protocol));
    v.set("type", Value::num(r->rtm_type));
    v.set("onlink", Value::flag(r->rtm_flags & RTNH_F_ONLINK));
    out.items.push_back(std::move(v));
  });
  return out;
}

Value Socket::route(const Request& req, int type) {
  bool add = type == RTM_NEWROUTE;
  Prefix dst = parseAddress(req.dst, true, "route destination");
  rtmsg rtm = {};
  rtm.rtm_family = dst.family;
  rtm.rtm_dst_len = dst.length;
  int table = req.table >= 0 ? req.table : static_cast<int>(RT_TABLE_MAIN);
  rtm.rtm_table = table < 256 ? table : static_cast<int>(RT_TABLE_UNSPEC);
  // As iproute2 does: a delete matches any protocol, scope and type unless given.
  rtm.rtm_protocol = req.protocol >= 0 ? req.protocol : (add ? RTPROT_BOOT : 0);
  rtm.rtm_scope = req.scope >= 0 ? req.scope : (add ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE);
  rtm.rtm_type = add ? RTN_UNICAST : 0;
  if (req.onlink) rtm.rtm_flags |= RTNH_F_ONLINK;
  uint16_t flags = add ? static_cast<uint16_t>(NLM_F_CREATE | (req.replace ? NLM_F_REPLACE : NLM_F_EXCL)) : 0;
  Builder b(static_cast<uint16_t>(type), flags, &rtm, sizeof rtm);
  if (dst.length > 0) b.put(RTA_DST, dst.bytes, dst.size());
  std::string detail = std::string(add ? (req.replace ? "RTM_NEWROUTE replace " : "RTM_NEWROUTE ") : "RTM_DELROUTE ") +
                       prefixText(dst);
  if (!req.gateway.empty()) {
    Prefix gw = parseAddress(req.gateway, false, "gateway");
    if (gw.family != dst.family) fail(EINVAL, "parse", "gateway " + req.gateway + " is not in the family of " + req.dst);
    b.put(RTA_GATEWAY, gw.bytes, gw.size());
    detail += " via " + req.gateway;
  }
  if (!req.dev.empty() || req.index > 0) {
    uint32_t oif = resolve(req);
    b.putU32(RTA_OIF, oif);
    detail += " dev " + (req.dev.empty() ? std::to_string(oif) : req.dev);
  }
  if (!req.src.empty()) {
    Prefix src = parseAddress(req.src, false, "preferred source");
    b.put(RTA_PREFSRC, src.bytes, src.size());
  }
  if (req.metric >= 0) b.putU32(RTA_PRIORITY, req.metric);
  b.putU32(RTA_TABLE, table);
  detail += " table " + std::to_string(table);
  if (req.onlink) detail += " onlink";
  talk(b.buf, detail);
  return Value();
}

// ---- rules -------------------------------------------------------------------------------------

Value Socket::listRules() {
  fib_rule_hdr frh = {};
  frh.family = AF_UNSPEC;
  Builder b(RTM_GETRULE, NLM_F_DUMP, &frh, sizeof frh);
  Value out = Value::array();
  dump(b.buf, "RTM_GETRULE dump", [&](nlmsghdr* nlh) {
    if (nlh->nlmsg_type != RTM_NEWRULE) return;
    auto* h = reinterpret_cast<fib_rule_hdr*>(NLMSG_DATA(nlh));
    if (h->family != AF_INET && h->family != AF_INET6) return;
    Value v = Value::object();
    v.set("family", Value::num(h->family == AF_INET ? 4 : 6));
    v.set("action", Value::num(h->action));
    uint32_t table = h->table;
    uint32_t priority = 0;
    int len = nlh->nlmsg_len - NLMSG_LENGTH(sizeof *h);
    for (auto* rta = reinterpret_cast<rtattr*>(reinterpret_cast<char*>(h) + NLMSG_ALIGN(sizeof *h)); RTA_OK(rta, len);
         rta = RTA_NEXT(rta, len)) {
      switch (rta->rta_type) {
        case FRA_TABLE: table = *static_cast<uint32_t*>(RTA_DATA(rta)); break;
        case FRA_PRIORITY: priority = *static_cast<uint32_t*>(RTA_DATA(rta)); break;
        case FRA_SRC:
          v.set("from", Value::str(formatAddress(h->family, RTA_DATA(rta)) + "/" + std::to_string(h->src_len)));
          break;
        case FRA_DST:
          v.set("to", Value::str(formatAddress(h->family, RTA_DATA(rta)) + "/" + std::to_string(h->dst_len)));
          break;
        case FRA_IIFNAME: v.set("iif", Value::str(static_cast<const char*>(RTA_DATA(rta)))); break;
        case FRA_OIFNAME: v.set("oif", Value::str(static_cast<const char*>(RTA_DATA(rta)))); break;
        default: break;
      }
    }
    v.set("table", Value::num(table));
    v.set("priority", Value::num(priority));
    out.items.push_back(std::move(v));
  });
  return out;
}

Value Socket::rule(const Request& req, bool add) {
  fib_rule_hdr frh = {};
  frh.family = req.family == 6 ? AF_INET6 : AF_INET;
  std::string detail = add ? "RTM_NEWRULE" : "RTM_DELRULE";
  std::vector<std::pair<uint16_t, Prefix>> selectors;
  if (!req.from.empty()) {
    Prefix p = parseAddress(req.from, true, "rule from");
    frh.src_len = p.length;
    selectors.emplace_back(FRA_SRC, p);
    detail += " from " + prefixText(p);
  }
  if (!req.to.empty()) {
    Prefix p = parseAddress(req.to, true, "rule to");
    frh.dst_len = p.length;
    selectors.emplace_back(FRA_DST, p);
    detail += " to " + prefixText(p);
  }
  for (auto& s : selectors)
    if (s.second.family != frh.family) fail(EINVAL, "parse", detail + ": prefix family differs from the rule's");
  if (req.table >= 0 || add) {
    frh.action = FR_ACT_TO_TBL;
    int table = req.table >= 0 ? req.table : static_cast<int>(RT_TABLE_MAIN);
    frh.table = table < 256 ? table : static_cast<int>(RT_TABLE_UNSPEC);
  }
  Builder b(static_cast<uint16_t>(add ? RTM_NEWRULE : RTM_DELRULE), add ? static_cast<uint16_t>(NLM_F_CREATE | NLM_F_EXCL) : 0, &frh, sizeof frh);
  for (auto& s : selectors) b.put(s.first, s.second.bytes, s.second.size());
  if (req.priority >= 0) {
    b.putU32(FRA_PRIORITY, req.priority);
    detail += " pref " + std::to_string(req.priority);
  }
  if (!req.iif.empty()) { b.putStr(FRA_IIFNAME, req.iif); detail += " iif " + req.iif; }
  if (!req.oif.empty()) { b.putStr(FRA_OIFNAME, req.oif); detail += " oif " + req.oif; }
  if (req.table >= 0 || add) {
    int table = req.table >= 0 ? req.table : static_cast<int>(RT_TABLE_MAIN);
    b.putU32(FRA_TABLE, table);
    detail += " lookup " + std::to_string(table);
  }
  talk(b.buf, detail);
  return Value();
}

// ---- neighbours --------------------------------------------------------------------------------

Value Socket::listNeighbours() {
  ndmsg nd = {};
  nd.ndm_family = AF_UNSPEC;
  Builder b(RTM_GETNEIGH, NLM_F_DUMP, &nd, sizeof nd);
  Value out = Value::array();
  dump(b.buf, "RTM_GETNEIGH dump", [&](nlmsghdr* nlh) {
    if (nlh->nlmsg_type != RTM_NEWNEIGH) return;
    auto* m = reinterpret_cast<ndmsg*>(NLMSG_DATA(nlh));
    if (m->ndm_family != AF_INET && m->ndm_family != AF_INET6) return;
    Value v = Value::object();
    v.set("index", Value::num(m->ndm_ifindex));
    v.set("family", Value::num(m->ndm_family == AF_INET ? 4 : 6));
    v.set("state", Value::num(m->ndm_state));
    v.set("permanent", Value::flag(m->ndm_state & NUD_PERMANENT));
    int len = nlh->nlmsg_len - NLMSG_LENGTH(sizeof *m);
    for (auto* rta = reinterpret_cast<rtattr*>(reinterpret_cast<char*>(m) + NLMSG_ALIGN(sizeof *m)); RTA_OK(rta, len);
         rta = RTA_NEXT(rta, len)) {
      if (rta->rta_type == NDA_DST) v.set("address", Value::str(formatAddress(m->ndm_family, RTA_DATA(rta))));
      else if (rta->rta_type == NDA_LLADDR)
        v.set("mac", Value::str(formatMac(static_cast<uint8_t*>(RTA_DATA(rta)), RTA_PAYLOAD(rta))));
    }
    out.items.push_back(std::move(v));
  });
  return out;
}

Value Socket::neighbour(const Request& req, bool add) {
  Prefix p = parseAddress(req.address, false, "neighbour");
  int index = resolve(req);
  ndmsg nd = {};
  nd.ndm_family = p.family;
  nd.ndm_ifindex = index;
  nd.ndm_state = NUD_PERMANENT;
  Builder b(static_cast<uint16_t>(add ? RTM_NEWNEIGH : RTM_DELNEIGH), add ? static_cast<uint16_t>(NLM_F_CREATE | NLM_F_REPLACE) : 0, &nd, sizeof nd);
  b.put(NDA_DST, p.bytes, p.size());
  std::string detail = std::string(add ? "RTM_NEWNEIGH " : "RTM_DELNEIGH ") + formatAddress(p.family, p.bytes);
  if (add) {
    auto mac = parseMac(req.mac);
    b.put(NDA_LLADDR, mac.data(), mac.size());
    detail += " lladdr " + req.mac + " nud permanent";
  }
  talk(b.buf, detail + " dev " + (req.dev.empty() ? std::to_string(index) : req.dev));
  return Value();
}

// ---- namespace ids -----------------------------------------------------------------------------

// The id this handle's namespace knows another namespace by (what IFLA_LINK_NETNSID reports), or
// -1 when none is assigned.
Value Socket::netnsId(const Request& req) {
  int nsFd = openNs(req.netns);
  rtgenmsg g = {};
  g.rtgen_family = AF_UNSPEC;
  Builder b(RTM_GETNSID, 0, &g, sizeof g);
  b.putU32(NETNSA_FD, nsFd);
  int id = -1;
  try {
    dump(b.buf, "RTM_GETNSID " + req.netns.describe(), [&](nlmsghdr* nlh) {
      int len = nlh->nlmsg_len - NLMSG_LENGTH(sizeof(rtgenmsg));
      auto* rta = reinterpret_cast<rtattr*>(reinterpret_cast<char*>(NLMSG_DATA(nlh)) + NLMSG_ALIGN(sizeof(rtgenmsg)));
      for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
        if (rta->rta_type == NETNSA_NSID) id = *static_cast<int32_t*>(RTA_DATA(rta));
    });
  } catch (...) {
    ::close(nsFd);
    throw;
  }
  ::close(nsFd);
  return Value::num(id);
}

// ---- errno names -------------------------------------------------------------------------------

const char* errnoName(int err) {
  switch (err) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case ENOSPC: return "ENOSPC";
    case EROFS: return "EROFS";
    case ERANGE: return "ERANGE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case ENETDOWN: return "ENETDOWN";
    case ENETUNREACH: return "ENETUNREACH";
    case EHOSTUNREACH: return "EHOSTUNREACH";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EMSGSIZE: return "EMSGSIZE";
    case ENOBUFS: return "ENOBUFS";
    case E2BIG: return "E2BIG";
    default: return "EUNKNOWN";
  }
}

}  // namespace rtnl
