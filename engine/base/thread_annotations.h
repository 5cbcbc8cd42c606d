// Clang's thread-safety annotations (-Wthread-safety), so that "this field is
// guarded by that mutex" is checked by the compiler instead of a comment.
// Build with CXX=clang++ -DFRONTDESK_THREAD_SAFETY=ON to check them; other
// compilers see nothing. Names follow Clang's documentation and leveldb's
// port/thread_annotations.h.
#ifndef FRONTDESK_ENGINE_BASE_THREAD_ANNOTATIONS_H_
#define FRONTDESK_ENGINE_BASE_THREAD_ANNOTATIONS_H_

#if defined(__clang__)
#define FRONTDESK_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define FRONTDESK_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) FRONTDESK_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY FRONTDESK_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) FRONTDESK_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) FRONTDESK_THREAD_ANNOTATION(pt_guarded_by(x))
#define REQUIRES(...) FRONTDESK_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define EXCLUDES(...) FRONTDESK_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define ACQUIRE(...) FRONTDESK_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) FRONTDESK_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define RETURN_CAPABILITY(x) FRONTDESK_THREAD_ANNOTATION(lock_returned(x))
#define NO_THREAD_SAFETY_ANALYSIS FRONTDESK_THREAD_ANNOTATION(no_thread_safety_analysis)

#endif  // FRONTDESK_ENGINE_BASE_THREAD_ANNOTATIONS_H_
