/* nbody: gravitational N-body simulation with symplectic Euler steps over a
 * PRNG-generated system. Measures f64 arithmetic, sqrt and division. */
#include <math.h>

#include "workload.h"

enum { kBodies = 8 };

typedef struct {
  double x, y, z, vx, vy, vz, mass;
} Body;

static void init_bodies(Body* bodies) {
  wl_rng rng;
  wl_rng_seed(&rng, 0x6e626f6479ull);
  /* A heavy central body plus lighter ones on roughly circular orbits. */
  bodies[0] = (Body){0, 0, 0, 0, 0, 0, 40.0};
  for (int i = 1; i < kBodies; i++) {
    double r = 1.0 + 4.0 * wl_rng_unit(&rng);
    double speed = sqrt(40.0 / r);
    double s = wl_rng_unit(&rng) * 2.0 - 1.0;
    double c = sqrt(1.0 - s * s);
    bodies[i] = (Body){r * c, r * s, 0.1 * (wl_rng_unit(&rng) - 0.5), -speed * s, speed * c,
                       0.05 * (wl_rng_unit(&rng) - 0.5), 0.001 + 0.01 * wl_rng_unit(&rng)};
  }
}

static void advance(Body* bodies, double dt) {
  for (int i = 0; i < kBodies; i++) {
    Body* a = &bodies[i];
    for (int j = i + 1; j < kBodies; j++) {
      Body* b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      double dist2 = dx * dx + dy * dy + dz * dz + 1e-9;
      double mag = dt / (dist2 * sqrt(dist2));
      a->vx -= dx * b->mass * mag;
      a->vy -= dy * b->mass * mag;
      a->vz -= dz * b->mass * mag;
      b->vx += dx * a->mass * mag;
      b->vy += dy * a->mass * mag;
      b->vz += dz * a->mass * mag;
    }
  }
  for (int i = 0; i < kBodies; i++) {
    bodies[i].x += dt * bodies[i].vx;
    bodies[i].y += dt * bodies[i].vy;
    bodies[i].z += dt * bodies[i].vz;
  }
}

static double energy(const Body* bodies) {
  double e = 0;
  for (int i = 0; i < kBodies; i++) {
    const Body* a = &bodies[i];
    e += 0.5 * a->mass * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
    for (int j = i + 1; j < kBodies; j++) {
      const Body* b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      e -= a->mass * b->mass / sqrt(dx * dx + dy * dy + dz * dz + 1e-9);
    }
  }
  return e;
}

uint64_t workload_run(uint32_t size) {
  uint32_t steps = wl_pick(size, 80000, 1200000, 12000000);
  Body bodies[kBodies];
  init_bodies(bodies);
  uint64_t hash = wl_mix_double(0, energy(bodies));
  for (uint32_t s = 0; s < steps; s++) advance(bodies, 0.0005);
  hash = wl_mix_double(hash, energy(bodies));
  for (int i = 0; i < kBodies; i++) hash = wl_mix_double(hash, bodies[i].x + bodies[i].vy);
  return hash;
}
